#!/usr/bin/env python3
"""Which tables and indexes a SQLite write-ahead log's commits wrote, page by page (docs/PERFORMANCE.md, issue 6).

    scripts/wal-pages.py <copy of the -wal file> <database file>

Reads every valid frame of the log's current generation (the header's salts), groups them into commits (a frame with a
database size is a commit's last), and names each page's table or index from the database's dbstat view (Debian's
python3 sqlite3 has it). The database must be the one that log belongs to, after its run: pages are allocated in the
order the run wrote them, so another run's file names them wrongly. Prints, for the commits of at least --min frames (default 100: the payment batches, not the
outbox's small commits), the frames per commit by object, largest first.
"""
import sqlite3
import struct
import sys
from collections import Counter


def frames(path):
    with open(path, 'rb') as f:
        header = f.read(32)
        magic, _, page_size, _, salt1, salt2 = struct.unpack('>IIIIII', header[:24])
        if magic not in (0x377f0682, 0x377f0683):
            raise SystemExit(f'{path}: not a write-ahead log')
        while True:
            frame = f.read(24)
            if len(frame) < 24:
                return
            pgno, commit, s1, s2 = struct.unpack('>IIII', frame[:16])
            f.seek(page_size, 1)
            if (s1, s2) != (salt1, salt2):
                return  # a frame of an earlier generation of the log: the current one ends here
            yield pgno, commit


def main():
    wal, db = sys.argv[1], sys.argv[2]
    minimum = int(sys.argv[sys.argv.index('--min') + 1]) if '--min' in sys.argv else 100
    con = sqlite3.connect(f'file:{db}?mode=ro', uri=True)
    owner = dict(con.execute('select pageno, name from dbstat'))
    commits, current = [], []
    for pgno, commit in frames(wal):
        current.append(pgno)
        if commit:
            commits.append(current)
            current = []
    big = [c for c in commits if len(c) >= minimum]
    print(f'{len(commits)} commits in the log, {len(big)} of at least {minimum} frames')
    if not big:
        return
    total = Counter()
    distinct = Counter()
    for c in big:
        total.update(owner.get(p, '(new page)') for p in c)
        distinct.update(owner.get(p, '(new page)') for p in set(c))
    frames_all = sum(total.values())
    print(f'frames per big commit: {frames_all / len(big):.0f} (distinct pages {sum(distinct.values()) / len(big):.0f})')
    for name, count in total.most_common(40):
        print(f'{count / len(big):8.1f}  {name}')


if __name__ == '__main__':
    main()
