#!/usr/bin/env python3
"""Screenings for an incremental import: children of a generated screenings file screened again.

    rescreen.py SCREENINGS.jsonl OUT.jsonl N [--on YYYY-MM-DD]

Takes N children spread through SCREENINGS (harbour-generate's), gives each a new screening
dated --on (default 2026-11-21) with a new id, and for every other one a current missing-episode
concern, so that their levels rise and their rows move in the children table. Children who would
be 18 by that date are passed over: the tool rightly refuses their screening. The reload bench
imports these beside the 1,000 new reports (about 580 screenings come with 1,000 generated
reports), so that the reload has children screened again to read, as it would after a real import.
"""
import argparse
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('screenings')
    parser.add_argument('out')
    parser.add_argument('n', type=int)
    parser.add_argument('--on', default='2026-11-21')
    args = parser.parse_args()
    with open(args.screenings) as f:
        lines = f.read().splitlines()
    eighteenth = str(int(args.on[:4]) - 18) + args.on[4:]  # born on or before: 18 by then
    stride = max(1, len(lines) // (2 * args.n) + 1)
    written = 0
    with open(args.out, 'w') as out:
        for line in lines[7::stride]:
            if written == args.n:
                break
            screening = json.loads(line)
            if (screening['child'].get('dob') or '0000') <= eighteenth:
                continue
            screening['id'] = 'SCR-NEW-%06d' % written
            screening['screened_at'] = args.on
            if written % 2 == 0:
                screening['significant'] = dict(screening.get('significant') or {}, missing_episodes='current')
            out.write(json.dumps(screening) + '\n')
            written += 1
    if written < args.n:
        raise SystemExit(f'only {written} children young enough in {args.screenings}')


if __name__ == '__main__':
    main()
