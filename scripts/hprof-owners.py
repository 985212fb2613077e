#!/usr/bin/env python3
"""Where a heap's bytes are, by owner: reads an HPROF heap dump (jcmd <pid> GC.heap_dump <file>),
sizes every object as the JVM lays it out with compact headers and compressed oops, and sums them
by the chain of first referrers up to the first io.meshlens object (or a class's statics, or a GC
root), then by that owner. A quick answer to "whose bytes are these" without a heap analyzer;
docs/performance.md cites it.
  scripts/hprof-owners.py <dump.hprof> [chain depth, default 8] [rows, default 80]"""
import mmap, struct, sys
from collections import defaultdict

path = sys.argv[1]
DEPTH = int(sys.argv[2]) if len(sys.argv) > 2 else 8
f = open(path, 'rb')
m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
nul = m.find(b'\0')
idsize = struct.unpack_from('>I', m, nul + 1)[0]
assert idsize == 8
pos = nul + 1 + 4 + 8
U4 = struct.Struct('>I'); ID = struct.Struct('>Q'); U2 = struct.Struct('>H')
TSIZE = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
JSIZE = {2: 4, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}  # compressed oops
PNAME = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]', 10: 'int[]', 11: 'long[]'}
strings = {}
classname = {}   # class obj id -> name
classinfo = {}   # class id -> (super, [field types], jsize)
objclass = {}    # obj id -> class name (str)
objsize = {}
parent = {}
roots = set()

def align(n):
    return (n + 7) & ~7

def fields_of(cid):
    out = []
    while cid in classinfo:
        sup, types, _ = classinfo[cid]
        out.extend(types)
        cid = sup
    return out

layout_cache = {}
pending = []  # instances seen before their class dump (rare)

def parse_instance(oid, cid, data_off, n):
    lay = layout_cache.get(cid)
    if lay is None:
        types = fields_of(cid)
        offs = []
        o = 0
        js = 8
        for t in types:
            if t == 2:
                offs.append(o)
            o += TSIZE[t]
            js += JSIZE[t]
        lay = (offs, align(js))
        layout_cache[cid] = lay
    offs, js = lay
    objclass[oid] = classname.get(cid, '?')
    objsize[oid] = js
    for o in offs:
        r = ID.unpack_from(m, data_off + o)[0]
        if r and r not in parent:
            parent[r] = oid

end = len(m)
while pos < end:
    tag = m[pos]; length = U4.unpack_from(m, pos + 5)[0]; body = pos + 9; pos = body + length
    if tag == 0x01:
        sid = ID.unpack_from(m, body)[0]
        strings[sid] = m[body + 8: body + length].decode('utf-8', 'replace')
    elif tag == 0x02:
        cid = ID.unpack_from(m, body + 4)[0]; nid = ID.unpack_from(m, body + 16)[0]
        classname[cid] = strings.get(nid, '?').replace('/', '.')
    elif tag in (0x0C, 0x1C):
        p = body; e = body + length
        while p < e:
            st = m[p]; p += 1
            if st == 0xFF: roots.add(ID.unpack_from(m, p)[0]); p += 8
            elif st == 0x01: roots.add(ID.unpack_from(m, p)[0]); p += 16
            elif st in (0x02, 0x03): roots.add(ID.unpack_from(m, p)[0]); p += 16
            elif st == 0x04: roots.add(ID.unpack_from(m, p)[0]); p += 12
            elif st == 0x05: roots.add(ID.unpack_from(m, p)[0]); p += 8
            elif st == 0x06: roots.add(ID.unpack_from(m, p)[0]); p += 12
            elif st == 0x07: roots.add(ID.unpack_from(m, p)[0]); p += 8
            elif st == 0x08: roots.add(ID.unpack_from(m, p)[0]); p += 16
            elif st == 0x20:
                cid = ID.unpack_from(m, p)[0]; sup = ID.unpack_from(m, p + 12)[0]
                p += 8 + 4 + 6 * 8 + 4
                cp = U2.unpack_from(m, p)[0]; p += 2
                for _ in range(cp):
                    t = m[p + 2]; p += 3 + TSIZE[t]
                ns = U2.unpack_from(m, p)[0]; p += 2
                for _ in range(ns):
                    t = m[p + 8]
                    if t == 2:
                        r = ID.unpack_from(m, p + 9)[0]
                        if r and r not in parent:
                            parent[r] = cid
                    p += 9 + TSIZE[t]
                nf = U2.unpack_from(m, p)[0]; p += 2
                types = []
                for _ in range(nf):
                    types.append(m[p + 8]); p += 9
                classinfo[cid] = (sup, types, 0)
                objclass[cid] = 'class ' + classname.get(cid, '?')
                objsize[cid] = 0
            elif st == 0x21:
                oid = ID.unpack_from(m, p)[0]; cid = ID.unpack_from(m, p + 12)[0]; n = U4.unpack_from(m, p + 20)[0]
                parse_instance(oid, cid, p + 24, n)
                p += 24 + n
            elif st == 0x22:
                oid = ID.unpack_from(m, p)[0]; n = U4.unpack_from(m, p + 12)[0]; acid = ID.unpack_from(m, p + 16)[0]
                objclass[oid] = classname.get(acid, '?[]')
                objsize[oid] = align(12 + 4 * n)
                q = p + 24
                for i in range(n):
                    r = ID.unpack_from(m, q + 8 * i)[0]
                    if r and r not in parent:
                        parent[r] = oid
                p = q + 8 * n
            elif st == 0x23:
                oid = ID.unpack_from(m, p)[0]; n = U4.unpack_from(m, p + 12)[0]; t = m[p + 16]
                objclass[oid] = PNAME[t]
                objsize[oid] = align(12 + JSIZE[t] * n)
                p += 17 + TSIZE[t] * n
            else:
                raise SystemExit('unknown subtag %x at %d' % (st, p))

print('objects', len(objsize), 'total MB', sum(objsize.values()) / 1e6)
agg = defaultdict(lambda: [0, 0])
for oid, sz in objsize.items():
    chain = [objclass[oid]]
    cur = oid
    for _ in range(DEPTH):
        par = parent.get(cur)
        if par is None:
            chain.append('<root>' if cur in roots else '<none>')
            break
        cn = objclass.get(par, '?')
        chain.append(cn)
        cur = par
        if cn.startswith('io.meshlens') or cn.startswith('class '):
            break
    key = ' <- '.join(chain)
    a = agg[key]; a[0] += sz; a[1] += 1
rows = sorted(agg.items(), key=lambda kv: -kv[1][0])
for k, (sz, n) in rows[:int(sys.argv[3]) if len(sys.argv) > 3 else 80]:
    print('%8.2f MB %9d  %s' % (sz / 1e6, n, k))
# by owner (last element)
own = defaultdict(int)
for k, (sz, n) in agg.items():
    own[k.split(' <- ')[-1]] += sz
print('\nby owner')
for k, sz in sorted(own.items(), key=lambda kv: -kv[1])[:40]:
    print('%8.2f MB  %s' % (sz / 1e6, k))
