# Accuracy of each detector in measure.c's output, by sample size and by
# encoding, as a Markdown table.
# usage: python3 summary.py RESULTS.tsv
import csv,collections,sys
rows=list(csv.reader(open(sys.argv[1]),delimiter='\t'))
hdr=rows[0]; det=hdr[5:]; rows=rows[1:]
def acc(sel):
    r=[x for x in rows if sel(x)]
    return [sum(x[5+i].startswith('ok') for x in r)/len(r) if r else float('nan') for i in range(len(det))], len(r)
print('| samples | n | '+' | '.join(det)+' |'); print('|---|---|'+'---|'*len(det))
def line(label,sel):
    a,n=acc(sel); print(f'| {label} | {n} | '+' | '.join(f'{v:.2f}' for v in a)+' |')
line('all', lambda x: True)
for k in ('txt','html'): line('all '+k, lambda x,k=k: x[4]==k)
for s in ('30','100','300','1000','10000'): line(f'{s} chars', lambda x,s=s: x[3]==s)
GROUPS = {'CJK': 'SHIFT_JIS EUC-JP GB18030 BIG5 EUC-KR', 'Cyrillic': 'CP1251 KOI8-R KOI8-U',
          'Central European': 'CP1250 ISO-8859-2', 'Western': 'CP1252', 'Greek': 'CP1253 ISO-8859-7',
          'Turkish, Hebrew, Arabic': 'CP1254 CP1255 CP1256', 'Thai': 'TIS-620'}
for g, e in GROUPS.items(): line(g, lambda x,e=e.split(): x[2] in e)
encs=sorted(set(x[2] for x in rows))
for e in encs: line(e, lambda x,e=e: x[2]==e)
for e in encs: line(e+' >=300', lambda x,e=e: x[2]==e and int(x[3])>=300)
