#!/usr/bin/python3
"""Does Leiden started from the last partition save time? (docs/benchmarks.md, "Reusing analyses")

Reads the graph Harbour clusters ("a b weight" lines, 0-based vertices, as written by
`harbour-bench analyse --edges`) and runs python3-igraph's Leiden on Harbour's own objective (the
same call as analysis/clusters.cpp) from single vertices twice, then from its own result, then
from that result with a share of the vertices made new (alone), as after an import. Prints one
JSON object: seconds, communities and Newman modularity of each run.
"""

import argparse
import json
import random
import time

from peers import read_edges


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edges", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reference-weight", type=float, default=1000.0,
                        help="leiden.reference_weight: the null model's total weight is capped at this")
    parser.add_argument("--large-graph-vertices", type=int, default=200_000,
                        help="as Harbour: one iteration above this many vertices, else to a fixed point")
    parser.add_argument("--new-share", type=float, default=0.01,
                        help="share of vertices started alone in the last run, as if just imported")
    args = parser.parse_args()

    import igraph

    edges, weights, vertices = read_edges(args.edges)
    g = igraph.Graph(n=vertices, edges=edges, directed=False)
    g.es["weight"] = weights
    # python-igraph divides the resolution by 2m for the modularity objective (see peers.py).
    resolution = max(sum(weights) / args.reference_weight, 1.0)
    iterations = 1 if g.vcount() > args.large_graph_vertices else -1
    random.seed(args.seed)
    igraph.set_random_number_generator(random)

    def leiden(start):
        began = time.perf_counter()
        partition = g.community_leiden(objective_function="modularity", weights="weight", beta=0.01,
                                       resolution_parameter=resolution, n_iterations=iterations,
                                       initial_membership=start)
        return {"s": round(time.perf_counter() - began, 3), "communities": len(partition),
                "modularity": round(g.modularity(partition.membership, weights="weight"), 5)}, partition

    out = {"vertices": g.vcount(), "edges": g.ecount()}
    out["cold"], _ = leiden(None)
    out["cold_again"], cold = leiden(None)
    out["from_own_result"], _ = leiden(cold.membership)
    start = list(cold.membership)
    fresh = max(start) + 1
    for v in random.sample(range(len(start)), int(len(start) * args.new_share)):
        start[v] = fresh
        fresh += 1
    out["from_result_with_new"], _ = leiden(start)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
