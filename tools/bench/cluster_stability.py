#!/usr/bin/env python3
"""How many clusters an import leaves as they were: the measure behind reusing per-cluster work.

Reads two `harbour-bench analyse --dump` files (before and after an import into a copy of the
database) and prints how many clusters of the second have exactly the same members as one of
the first, and the share of members and of n^2 (a proxy for the Brandes betweenness cost of a
cluster of n members with few internal links each) that those clusters hold. Same members is
necessary for reuse, not sufficient: a new link inside a cluster changes its betweenness.

usage: cluster_stability.py BEFORE.json AFTER.json
"""
import json
import sys


def member_sets(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(m["id"] for m in c["members"]) for c in json.load(f)["clusters"]]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    before, after = member_sets(sys.argv[1]), member_sets(sys.argv[2])
    known = set(before)
    same = [c for c in after if c in known]
    share = lambda f: sum(map(f, same)) / max(1, sum(map(f, after)))
    print(json.dumps({
        "clusters_before": len(before),
        "clusters_after": len(after),
        "same_members": len(same),
        "share_of_members": round(share(len), 4),
        "share_of_n_squared": round(share(lambda c: len(c) ** 2), 4),
    }))


if __name__ == "__main__":
    main()
