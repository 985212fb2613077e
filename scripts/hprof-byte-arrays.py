#!/usr/bin/env python3
# Where a heap's byte arrays are: reads an HPROF heap dump (jcmd <pid> GC.heap_dump <file>) and sums
# the byte[] of at least MIN bytes by the class of the first object found referring to each.
# A quick answer to "whose bytes are these" without a heap analyzer; docs/performance.md cites it.
#   scripts/hprof-byte-arrays.py <dump.hprof> <MIN bytes, e.g. 256>
# With --maps instead of MIN: counts the HashMap/LinkedHashMap/HashSet/LinkedHashSet instances by
# the class of the first object found referring to each (who holds the maps).
import struct, sys, collections, mmap
f=open(sys.argv[1],'rb'); mm=mmap.mmap(f.fileno(),0,access=mmap.ACCESS_READ)
p=mm.find(b'\0')+1
idsz=struct.unpack('>I',mm[p:p+4])[0]; p+=12
assert idsz==8
names={}; classname={}; super_={}; fields={}; big={}
TS={2:8,4:1,5:2,6:4,7:8,8:1,9:2,10:4,11:8}
segs=[]
while p < len(mm):
    tag=mm[p]; ln=struct.unpack('>I',mm[p+5:p+9])[0]; body=p+9; p=body+ln
    if tag==1:
        sid=struct.unpack('>Q',mm[body:body+8])[0]; names[sid]=mm[body+8:body+ln].decode('utf8','replace')
    elif tag==2:
        cid,nid=struct.unpack('>Q',mm[body+4:body+12])[0],struct.unpack('>Q',mm[body+16:body+24])[0]
        classname[cid]=names.get(nid,'?')
    elif tag in (0x0c,0x1c):
        segs.append((body,body+ln))
def pass_(fn):
    for (s,e) in segs:
        q=s
        while q<e:
            st=mm[q]; q+=1
            if st==0xff or st==0x05 or st==0x07: q+=8
            elif st==0x01: q+=16
            elif st in (0x02,0x03,0x08): q+=16
            elif st in (0x04,0x06): q+=12
            elif st==0x20:
                cid=struct.unpack('>Q',mm[q:q+8])[0]; sup=struct.unpack('>Q',mm[q+12:q+20])[0]
                q+=8+4+8*6+4
                ncp=struct.unpack('>H',mm[q:q+2])[0]; q+=2
                for _ in range(ncp):
                    t=mm[q+2]; q+=3+TS[t]
                ns=struct.unpack('>H',mm[q:q+2])[0]; q+=2
                for _ in range(ns):
                    t=mm[q+8]; q+=9+TS[t]
                nf=struct.unpack('>H',mm[q:q+2])[0]; q+=2
                fl=[]
                for _ in range(nf):
                    t=mm[q+8]; fl.append(t); q+=9
                fn('class',cid,sup,fl)
            elif st==0x21:
                oid,_,cid,nb=struct.unpack('>QIQI',mm[q:q+24]); fn('inst',oid,cid,q+24,nb); q+=24+nb
            elif st==0x22:
                oid,_,n,acid=struct.unpack('>QIIQ',mm[q:q+24]); fn('oarr',oid,acid,q+24,n); q+=24+8*n
            elif st==0x23:
                oid,_,n,t=struct.unpack('>QIIB',mm[q:q+17]); sz=n*TS[t]; fn('parr',oid,t,n); q+=17+sz
            else: raise Exception('subtag %x at %d'%(st,q))
MAPS=sys.argv[2]=='--maps'
MAP_CLASSES=('java/util/HashMap','java/util/LinkedHashMap','java/util/HashSet','java/util/LinkedHashSet')
def p1(kind,*a):
    if kind=='class': super_[a[0]]=a[1]; fields[a[0]]=a[2]
    elif MAPS:
        if kind=='inst' and classname.get(a[1],'?') in MAP_CLASSES: big[a[0]]=classname[a[1]]
    elif kind=='parr' and a[1]==8 and a[2]>=int(sys.argv[2]): big[a[0]]=a[2]
pass_(p1)
layout={}
def refoffs(cid):
    if cid in layout: return layout[cid]
    offs=[]; o=0; c=cid
    while c and c in fields:
        for t in fields[c]:
            if t==2: offs.append(o)
            o+=TS[t]
        c=super_.get(c)
    layout[cid]=offs; return offs
owner={}
strings=set()
def p2(kind,*a):
    if kind=='inst':
        oid,cid,start,nb=a
        for o in refoffs(cid):
            v=struct.unpack('>Q',mm[start+o:start+o+8])[0]
            if v in big and v not in owner: owner[v]=(classname.get(cid,'?'),oid)
    elif kind=='oarr':
        oid,acid,start,n=a
        for i in range(n):
            v=struct.unpack('>Q',mm[start+8*i:start+8*i+8])[0]
            if v in big and v not in owner: owner[v]=(classname.get(acid,'?'),oid)
pass_(p2)
if MAPS:
    maps=collections.Counter((cn,owner.get(v,('?',0))[0]) for v,cn in big.items())
    for (cn,by),n in maps.most_common(30): print("%7d %s held by %s"%(n,cn,by))
    sys.exit(0)
agg=collections.Counter(); cnt=collections.Counter()
for v,sz in big.items():
    k=owner.get(v,('?',0))[0]; agg[k]+=sz; cnt[k]+=1
print("big byte[] total MB", sum(big.values())/1e6, "count", len(big))
for k,v in agg.most_common(25): print("%8.1f MB %7d %s"%(v/1e6,cnt[k],k))
