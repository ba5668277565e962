#!/bin/sh
# Hostile and broken input, generated here: each case checks the exit
# status, the message on stderr and the output.  Limits are tested just
# under and just over.  Times are not asserted (make bench measures them).
# usage: tests/bad-input.sh DECRUFT
set -u
. "$(dirname "$0")/lib.sh"

# check NAME WANT_STATUS STDERR_SUBSTRING [ARGS...] <input: runs decruft,
# leaves its output in out.txt and its stderr in err.txt.
check() {
    name=$1 want=$2 msg=$3
    shift 3
    "$bin" "$@" >out.txt 2>err.txt
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit status $got, expected $want"
        head -c 500 err.txt
        fail=$((fail + 1))
        return 1
    fi
    if [ -n "$msg" ] && ! grep -qF -- "$msg" err.txt; then
        echo "FAIL $name: stderr lacks '$msg':"
        head -c 500 err.txt
        fail=$((fail + 1))
        return 1
    fi
    if [ -z "$msg" ] && [ -s err.txt ]; then
        echo "FAIL $name: unexpected stderr:"
        head -c 500 err.txt
        fail=$((fail + 1))
        return 1
    fi
    pass=$((pass + 1))
}
# then NAME CONDITION...: a check on the output of the last run.
then_() {
    name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else
        echo "FAIL $name"
        fail=$((fail + 1))
    fi
}
article='The committee met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead with some changes to the budget.'

# Binary data.
head -c 65536 /dev/urandom | tr -d '\000' >noise.bin
check "binary noise" 1 "input is binary" noise.bin
then_ "binary noise: no output" test ! -s out.txt
printf '%s\n\000\001\002' "$article" >nul.txt
check "NUL bytes" 1 "NUL byte at offset 160" nul.txt
# In HTML a stray NUL is dropped (libxml2 would stop there); HTML that is
# mostly control bytes is binary all the same.
printf '<html><body><p>The committee met on Tuesday\000 to discuss the proposal, and after a long debate the members agreed.</p></body></html>\000\n' >nul.html
check "a NUL byte in HTML" 0 "" nul.html
then_ "a NUL byte in HTML: the paragraph, without it" grep -q "^The committee met on Tuesday to discuss" out.txt
{ printf '<html><body>'; cat noise.bin; head -c 4096 /dev/zero; } >noise.html
check "binary behind an HTML tag" 1 "input is binary" noise.html
then_ "binary behind an HTML tag: no output" test ! -s out.txt
check "empty file" 0 "" /dev/null
then_ "empty file: empty output" test ! -s out.txt
check "empty file as HTML" 0 "" -t html /dev/null
then_ "empty file as HTML: empty output" test ! -s out.txt
check "empty file as HTML, JSON out" 0 "" -t html -f json /dev/null
then_ "empty file as HTML: an empty document" test "$(cat out.txt)" = '{"path":"/dev/null","lang":null,"title":null,"page_type":null,"author":null,"date":null,"date_modified":null,"site_name":null,"url":null,"description":null,"image":null,"lang_declared":null,"tags":[],"categories":[],"text":"","blocks":[]}'

# gzip: truncated, corrupt, a bomb, and the limit just under and over.
gzip -c "$fixtures/seed-yonhap/input.txt" >ok.gz
head -c 300 ok.gz >truncated.gz
check "truncated gzip" 1 "gzip input is truncated" truncated.gz
python3 -c "
import sys
d = bytearray(open('ok.gz', 'rb').read())
for i in range(40, 60): d[i] ^= 0x55
open('corrupt.gz', 'wb').write(bytes(d))"
check "corrupt gzip" 1 "gzip input is" corrupt.gz
head -c 200000000 /dev/zero | gzip -1 >bomb.gz
(ulimit -v 600000 && "$bin" --max-bytes 10M bomb.gz >out.txt 2>err.txt)
then_ "gzip bomb: exit 1 within 600 MB of memory" test $? = 1
then_ "gzip bomb: stops at the limit" grep -q "inflates to more than the limit of 10485760 bytes" err.txt
printf '%s\n' "$article" >exact.txt
size=$(wc -c <exact.txt)
gzip -c exact.txt >exact.gz
check "gzip inflating to exactly --max-bytes" 0 "" --max-bytes "$size" exact.gz
check "gzip inflating one byte over --max-bytes" 1 "inflates to more than the limit" --max-bytes "$((size - 1))" exact.gz

# --max-work, just under and over: the page is quadratic for libxml2
# (4,000 stray end tags under 4,000 open elements), its steps the same on
# every run, so the least --max-work it passes with is found by bisection;
# one less fails it.
python3 -c "print('<html><body>' + '<div>' * 4000 + '<p>The committee met on Tuesday to discuss the plan.</p>' + '</span>' * 4000)" >stray.html
lo=1 hi=1000
while [ $lo -lt $hi ]; do
    mid=$(((lo + hi) / 2))
    if "$bin" --max-work $mid stray.html >/dev/null 2>&1; then hi=$mid; else lo=$((mid + 1)); fi
done
check "a page at its least passing --max-work ($lo)" 0 "" --max-work "$lo" stray.html
then_ "a page at its least passing --max-work: cleaned" grep -q committee out.txt
check "the same page at one step a byte less" 1 "work limit exceeded (" --max-work "$((lo - 1))" stray.html
check "--max-work none" 0 "" --max-work none stray.html
check "--max-work 0 is a usage error" 2 "invalid --max-work '0'" --max-work 0 stray.html
check "--timeout 0 is a usage error" 2 "invalid --timeout '0'" --timeout 0 stray.html
check "--timeout with a big budget" 0 "" --timeout 1000 stray.html

# --max-bytes on plain input, just under and over.
check "input of exactly --max-bytes" 0 "" --max-bytes "$size" exact.txt
then_ "input of exactly --max-bytes: cleaned" cmp -s out.txt exact.txt
check "input one byte over --max-bytes" 1 "over the --max-bytes limit" --max-bytes "$((size - 1))" exact.txt

# Encodings.
printf 'Caf\351 owners and residents met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead.\n' >latin1.txt
check "Latin-1 bytes in text" 0 "a detector guessed" latin1.txt
then_ "Latin-1 bytes in text: read as a Latin script, as UTF-8" grep -q "^Caf$(printf '\303\251') owners" out.txt
printf 'Overlong \300\257 and \340\200\257 sequences sit in this sentence, which the committee read on Tuesday before it agreed that the plan should go ahead.\n' >overlong.txt
check "overlong UTF-8" 0 "a detector guessed" -f json overlong.txt
then_ "overlong UTF-8: JSON stays valid, the sentence whole" python3 -c "
import json; d = json.load(open('out.txt')); assert 'sequences sit in this sentence' in d['text'], d"
# Text in a legacy encoding is detected and converted, not refused as
# binary; with -q the guess is not reported.
printf '%s\n' 'Η επιτροπή συνεδρίασε την Τρίτη για να συζητήσει την πρόταση και μετά από μακρά συζήτηση τα μέλη συμφώνησαν ότι το σχέδιο πρέπει να προχωρήσει με ορισμένες αλλαγές στον προϋπολογισμό.' >greek.utf8
iconv -f UTF-8 -t ISO-8859-7 greek.utf8 >greek.txt
check "Greek in ISO-8859-7" 0 "a detector guessed ISO-8859-7" greek.txt
then_ "Greek in ISO-8859-7: the sentence in UTF-8" cmp -s out.txt greek.utf8
check "Greek in ISO-8859-7, quiet" 0 "" -q greek.txt
{ printf '<html><body><p>'; cat greek.txt; printf '</p></body></html>\n'; } >greek.html
check "Greek HTML in ISO-8859-7" 0 "a detector guessed ISO-8859-7" greek.html
then_ "Greek HTML in ISO-8859-7: the sentence in UTF-8" cmp -s out.txt greek.utf8
printf '%s\n' "$article" | iconv -t UTF-16 >bom16.txt
check "UTF-16 with BOM" 0 "" bom16.txt
then_ "UTF-16 with BOM: read as UTF-16, written as UTF-8" test "$(cat out.txt)" = "$article"
printf '%s\n' "$article" | iconv -t UTF-16LE >le16.txt
check "UTF-16LE without BOM" 1 "iconv -f UTF-16LE" le16.txt
printf '%s\n' "$article" | iconv -t UTF-16BE >be16.txt
check "UTF-16BE without BOM" 1 "iconv -f UTF-16BE" be16.txt
printf 'Back To Top\r\r%s\r\rShare on Facebook\r' "$article" >cr.txt
check "lone CR line endings" 0 "" cr.txt
then_ "lone CR: cruft dropped, CR kept" test "$(cat out.txt)" = "$(printf '%s\r' "$article")"

# Size and shape.
python3 -c "
import sys
sys.stdout.write('<html><body>' + '<div>' * 100000 + '<p>$article</p>' + '</div>' * 100000 + '</body></html>')" >deep.html
check "HTML nested 10^5 deep" 0 "" deep.html
then_ "deep nesting: the paragraph is found" grep -q "committee met" out.txt
python3 -c "import sys; sys.stdout.write('<p>word</p>' * 1000000)" >tiny.html
(ulimit -v 2000000 && "$bin" --type html tiny.html >out.txt 2>err.txt)
then_ "10^6 tiny HTML paragraphs: exit 0 within 2 GB" test $? = 0
python3 -c "import sys; sys.stdout.write('word\n\n' * 1000000)" >tiny.txt
check "10^6 tiny text paragraphs" 0 "" tiny.txt
yes "$article " | head -c 200000000 | tr -d '\n' >line.txt
(ulimit -v 2500000 && "$bin" line.txt >out.txt 2>err.txt)
then_ "200 MB single line: exit 0 within 2.5 GB" test $? = 0
then_ "200 MB single line: output is the line" test "$(wc -c <out.txt)" = "$(($(wc -c <line.txt) + 1))"

# Out of memory in the record modes (ulimit -v; the process needs about
# 50 MB): the record is reported as such, and the records after it come out.
python3 - "$article" <<'EOF'
import json, sys
good = json.dumps({"html": f"<p>{sys.argv[1]}</p>"}) + "\n"
for name, size in (("hugeline.jsonl", 150 << 20), ("bigline.jsonl", (1 << 26) - 4096)):
    with open(name, "w") as f:
        f.write(good + '{"html":"<p>' + "a" * size + '</p>"}\n' + good)
with open("huge.html", "w") as f:
    f.write("<p>" + "a" * (150 << 20) + "</p>")
EOF
# A line that the line buffer cannot hold (150 MB in 120 MB).
(ulimit -v 120000 && "$bin" --jsonl hugeline.jsonl >out.txt 2>err.txt)
then_ "JSON Lines, a line over the memory left: exit 1" test $? = 1
then_ "JSON Lines, a line over the memory left: reported" grep -q "hugeline.jsonl: line 2: out of memory" err.txt
then_ "JSON Lines, a line over the memory left: the lines around it come out" test "$(wc -l <out.txt)" = 2
# A line that fits but cannot be parsed in what is left (64 MB in 190 MB).
(ulimit -v 190000 && "$bin" --jsonl bigline.jsonl >out.txt 2>err.txt)
then_ "JSON Lines, a line too big to parse: exit 1" test $? = 1
then_ "JSON Lines, a line too big to parse: out of memory, not invalid JSON" grep -q "bigline.jsonl: line 2: out of memory$" err.txt
then_ "JSON Lines, a line too big to parse: the lines around it come out" test "$(wc -l <out.txt)" = 2
# A WARC record whose body cannot be allocated (150 MB in 120 MB).
python3 "$here/make_warc.py" huge.warc "$fixtures/html-nav-footer/input.html" huge.html \
    "$fixtures/html-teaser-list/input.html"
rm -f huge.html hugeline.jsonl bigline.jsonl
(ulimit -v 120000 && "$bin" --warc huge.warc >out.txt 2>err.txt)
then_ "WARC, a record over the memory left: exit 1" test $? = 1
then_ "WARC, a record over the memory left: reported" grep -q "huge.warc: record 5: out of memory" err.txt
then_ "WARC, a record over the memory left: the records around it come out" test "$(wc -l <out.txt)" = 2
rm -f huge.warc

# HTML that tries to reach files or the network, or to expand entities.
cat >entities.html <<EOF
<?xml version="1.0"?>
<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd" [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY % remote SYSTEM "http://127.0.0.1:9/x">
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<html><body><article><p>$article &secret; &c;</p>
<iframe src="file:///etc/passwd"></iframe><link rel="stylesheet" href="file:///etc/shadow"></article></body></html>
EOF
check "HTML with external entities and DOCTYPE tricks" 0 "" entities.html
then_ "no file content leaks into the output" sh -c '! grep -q "root:" out.txt'
then_ "entities are not expanded" sh -c '! grep -q "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" out.txt'
then_ "the article is there" grep -q "committee met" out.txt

# Rules: a rule with catastrophic backtracking is skipped on the blocks it
# runs out of budget on, with one warning a document naming it; the
# document comes out, the other rules still apply to those blocks, exit 0.
printf 'slow  (a|aa)+$\nlater  a+b\n' >slow.rules
{ python3 -c "print('a' * 600 + 'b')"; printf '\nBack to top\n\n%s\n\n' "$article"; python3 -c "print('a' * 500 + 'b')"; } >as.txt
check "catastrophic user rule" 0 "as.txt: warning: rule 'slow' ran out of its matching budget on 2 blocks, skipped there" \
    --explain --rules slow.rules as.txt
then_ "catastrophic user rule: one warning" test "$(wc -l <err.txt)" = 1
then_ "catastrophic user rule: the later rule matches those blocks" test "$(grep -c 'rule:later' out.txt)" = 2
then_ "catastrophic user rule: the built-in rules still apply" grep -q "rule:back-to-top" out.txt
then_ "catastrophic user rule: the article is kept" grep -q "^+.*committee met" out.txt
# The same in a batch: every record comes out, each with its warning.
python3 -c "
import json
for i in range(40):
    print(json.dumps({'id': i, 'text': ' '.join(['word'] * 30) + ' ' + str(i) + ' !\n\n' + '$article'}))" >slow.jsonl
printf 'slow  (\\w+\\s?)*$\n' >slow2.rules
check "catastrophic user rule, 40 records" 0 "warning: rule 'slow'" --jsonl --rules slow2.rules slow.jsonl
then_ "40 records: all out" test "$(grep -c committee out.txt)" = 40
then_ "40 records: one warning each" test "$(grep -c "warning: rule 'slow' ran out" err.txt)" = 40

# Thousands of rules: joined into as many patterns as PCRE2's size limit
# needs (378 short rules made one pattern too large).
python3 -c "
for i in range(5000): print(f'gen{i}  promo code z{i:05d}x.{{0,20}}')" >many.rules
printf 'Back to top\n\npromo code z04999x today only\n\npromo code z02500x\n\n%s\n' "$article" >many.txt
check "5,000 rules" 0 "" --explain --rules many.rules many.txt
then_ "5,000 rules: the last one matches" grep -q "rule:gen4999 " out.txt
then_ "5,000 rules: one in the middle matches" grep -q "rule:gen2500 " out.txt
then_ "5,000 rules: the built-in ones still apply" grep -q "rule:back-to-top" out.txt
# A rules file over its limit says which limit (it named --max-bytes).
head -c 67108865 /dev/zero | tr '\000' '#' >huge.rules
check "a rules file over 64 MiB" 2 "huge.rules: over the limit of 64 MiB for a rules file" --rules huge.rules many.txt
rm -f huge.rules

# The built-in rules never run out of budget (tests/rules_budget.c tries
# adversarial blocks): a line of 79 '=' over a hard-wrapped paragraph that
# names a long domain and ends with a copyright line failed the document.
domain=ExampleDomainLongish.com
para="$domain is the leading provider of information about gardening tools
and seasonal plants, with guides and reviews. $domain covers everything from
small hand tools to large machines for every kind of garden and farm that our readers may own.
Contact $domain for more information about advertising with us today.
(c) 2000-2019 $domain, Inc. All"
{ printf 'A title\n\nThis is a normal paragraph of the article with words in it. It talks about things.\n\n'
    python3 -c "print('=' * 79)"; printf '%s\n' "$para"; } >ruler.txt
check "a ruler line over a paragraph (text)" 0 "" -t text ruler.txt
then_ "a ruler line over a paragraph (text): the article" grep -q "a normal paragraph" out.txt
{ printf '<html><body><p>%s</p><p>' "$article"; python3 -c "print('=' * 79)"; printf '%s</p></body></html>\n' "$para"; } >ruler.html
check "a ruler line over a paragraph (HTML)" 0 "" ruler.html
then_ "a ruler line over a paragraph (HTML): some text" grep -q "gardening tools" out.txt
# The rule matching limit: blocks of up to 700 bytes are matched, longer are not.
printf 'long  a+\n' >long.rules
python3 -c "print('a' * 700)" >a700.txt
check "a block of 700 bytes" 0 "" --explain --rules long.rules a700.txt
then_ "700 bytes: matched by the rule" grep -q "rule:long" out.txt
python3 -c "print('a' * 701)" >a701.txt
check "a block of 701 bytes" 0 "" --explain --rules long.rules a701.txt
then_ "701 bytes: not matched" sh -c '! grep -q "rule:long" out.txt'

# Files: a folder without -r, a missing file, a full disk during -i.
check "a folder without -r" 1 "is a directory" .
check "a missing file" 1 "No such file or directory" missing.txt
cp "$fixtures/seed-yonhap/input.txt" full.txt
cp full.txt full.orig
(trap '' XFSZ && ulimit -f 1 && "$bin" -i full.txt >out.txt 2>err.txt)
then_ "full disk during -i: exit 1" test $? = 1
then_ "full disk during -i: says why" grep -q "cannot write full.txt" err.txt
then_ "full disk during -i: the original is intact" cmp -s full.txt full.orig
then_ "full disk during -i: no temporary file left" test -z "$(ls -A | grep '^\.decruft-')"

summary
