#!/usr/bin/env python3
# Where a process's CPU went, by part: reads JFR CPU-time samples (JDK 25's jdk.CPUTimeSample, e.g.
#   ./meshlens bench ... --meshlens-jvm-opts "-XX:StartFlightRecording=filename=/tmp/ml.jfr,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=4ms"
#   jfr print --json --events jdk.CPUTimeSample /tmp/ml.jfr > /tmp/cs.json
#   scripts/jfr-cpu-categories.py /tmp/cs.json HH:MM:SS [HH:MM:SS]
# ) and counts the samples taken between the two times (UTC, the bench's window) by the first frame,
# from the top of the stack, that belongs to a known part. JDK socket and executor frames are charged
# to the meshlens package (or the JDK HTTP client) found below them. Only Java threads are sampled:
# JIT compilation, GC and the kernel's share of a syscall are not in it (use perf for those).
# docs/performance.md cites its output.
import collections
import json
import sys

PARTS = [('inflate', 'java/util/zip/Inflater'), ('snappy', 'org/xerial/snappy'),
         ('rw-encode', 'io/meshlens/remotewrite/'), ('rw-exporter', 'io/meshlens/exporter/'),
         ('parse', 'io/meshlens/textparse/'), ('scrape-cache/assemble', 'io/meshlens/scrape/'),
         ('processors', 'io/meshlens/processor/'), ('telemetry', 'io/meshlens/telemetry/'),
         ('jdk-httpclient', 'jdk/internal/net/http/'), ('jdk-httpclient', 'java/net/http/'),
         ('nio', 'sun/nio/ch/'), ('vthread-sched', 'java/lang/VirtualThread'),
         ('vthread-sched', 'jdk/internal/vm/Continuation'), ('fj/executor', 'java/util/concurrent/')]


def frame(f):
    m = f['method']
    return m['type']['name'] + '.' + m['name']


def part(frames):
    for f in frames:
        for name, prefix in PARTS:
            if f.startswith(prefix):
                if name in ('nio', 'jdk-httpclient', 'fj/executor'):
                    return name + '<' + owner(frames)
                return name
    return 'other'


def owner(frames):
    for f in frames:
        if f.startswith('io/meshlens/'):
            return f.split('.')[0].split('/')[-2]
        if f.startswith('jdk/internal/net/http/'):
            return 'jdkhttp'
    return '?'


def main():
    events = json.load(open(sys.argv[1]))['recording']['events']
    start = sys.argv[2]
    end = sys.argv[3] if len(sys.argv) > 3 else '99:99:99'
    counts = collections.Counter()
    tops = collections.defaultdict(collections.Counter)
    for e in events:
        v = e['values']
        if not start <= v['startTime'][11:19] <= end or not v.get('stackTrace'):
            continue
        frames = [frame(f) for f in v['stackTrace']['frames']]
        p = part(frames)
        counts[p] += 1
        tops[p][frames[0]] += 1
    n = sum(counts.values())
    for p, c in counts.most_common():
        print(f"{c:6d} {100 * c / n:5.1f}%  {p:32s} top: {tops[p].most_common(2)}")
    print(f"{n:6d} samples")


main()
