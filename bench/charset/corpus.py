# Builds the charset detectors' corpus in the current folder: UTF-8 prose
# from the gettext catalogs installed under /usr/share/locale (the largest
# six of each language), cut into samples of several sizes, encoded with
# iconv into each language's legacy encodings, as plain text and as HTML
# without a charset declaration.  Writes corpus/ and corpus/manifest.tsv.
# usage: python3 corpus.py   (see bench/charset/run.sh)
import subprocess, random, re, os, glob
random.seed(13)
LANGS = {  # locale: encodings (iconv names)
 'ru': ['CP1251', 'KOI8-R'], 'uk': ['CP1251', 'KOI8-U'], 'bg': ['CP1251'],
 'ja': ['SHIFT_JIS', 'EUC-JP'], 'zh_CN': ['GB18030'], 'zh_TW': ['BIG5'], 'ko': ['EUC-KR'],
 'el': ['CP1253', 'ISO-8859-7'], 'fr': ['CP1252'], 'de': ['CP1252'], 'es': ['CP1252'], 'pt_BR': ['CP1252'],
 'pl': ['CP1250', 'ISO-8859-2'], 'cs': ['CP1250', 'ISO-8859-2'], 'hu': ['CP1250', 'ISO-8859-2'],
 'tr': ['CP1254'], 'he': ['CP1255'], 'ar': ['CP1256'], 'th': ['TIS-620'],
}
SIZES = [30, 100, 300, 1000, 10000]  # characters of text
PER = 6
def prose(loc):
    out = []
    mos = sorted(glob.glob(f'/usr/share/locale/{loc}/LC_MESSAGES/*.mo'), key=os.path.getsize, reverse=True)[:6]
    for mo in mos:
        try:
            po = subprocess.run(['msgunfmt', mo], capture_output=True).stdout.decode('utf-8')
        except UnicodeDecodeError:
            continue
        for m in re.finditer(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', po, re.M):
            s = m.group(1) + ''.join(re.findall(r'"(.*)"', m.group(2)))
            s = re.sub(r'\\[nt]', ' ', s).replace('\\"', '"')
            s = re.sub(r'%[-+ #0-9.]*[a-zA-Z]|\$\{?\w+\}?|<[^>]*>|[\\_&~]', '', s)
            s = re.sub(r'\s+', ' ', s).strip()
            if len(s) >= 25 and sum(c.isalpha() for c in s) > len(s) * 0.6:
                out.append(s)
    random.shuffle(out)
    return out
os.makedirs('corpus', exist_ok=True)
manifest = open('corpus/manifest.tsv', 'w')
for loc, encs in LANGS.items():
    lines = prose(loc)
    text = '\n'.join(lines)
    for size in SIZES:
        for k in range(PER):
            start = random.randrange(0, max(1, len(text) - size * 2))
            start = text.rfind('\n', 0, start) + 1
            sample = text[start:start + size]
            for enc in encs:
                raw = subprocess.run(['iconv', '-c', '-f', 'UTF-8', '-t', enc], input=sample.encode(), capture_output=True).stdout
                title = subprocess.run(['iconv', '-c', '-f', 'UTF-8', '-t', enc], input=sample.split('\n')[0][:30].encode(),
                                       capture_output=True).stdout
                paras = raw.split(b'\n')
                html = (b'<!DOCTYPE html>\n<html>\n<head>\n<title>' + title + b'</title>\n'
                        b'<link rel="stylesheet" href="/style.css">\n</head>\n<body>\n<nav><a href="/">Home</a> <a href="/news">News</a></nav>\n'
                        b'<article>\n' + b''.join(b'<p>' + p + b'</p>\n' for p in paras) + b'</article>\n</body>\n</html>\n')
                for kind, data in (('txt', raw), ('html', html)):
                    name = f'corpus/{loc}-{enc}-{size}-{k}.{kind}'
                    open(name, 'wb').write(data)
                    manifest.write(f'{name}\t{loc}\t{enc}\t{size}\t{kind}\n')
