#!/usr/bin/python3
"""Community detection peers for Harbour's benchmark (docs/benchmarks.md).

Reads the graph Harbour clusters ("a b weight" lines, 0-based vertices, as written by
`harbour-bench analyse --edges`) and runs python3-igraph's Leiden (modularity objective) and
Louvain (multilevel) and networkx's Louvain on it, with edge weights, and igraph's Leiden once more
on Harbour's own objective (the same call as analysis/clusters.cpp). Prints one JSON object:
seconds for each algorithm (graph loading timed apart) and the Newman modularity of its partition.
"""

import argparse
import json
import time


def read_edges(path):
    """The "a b weight" lines harbour-bench writes: ([(a, b)], [weight], vertex count)."""
    edges = []
    weights = []
    top = -1
    with open(path) as f:
        for line in f:
            a, b, w = line.split()
            a, b = int(a), int(b)
            edges.append((a, b))
            weights.append(float(w))
            top = max(top, a, b)
    return edges, weights, top + 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edges", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--networkx-max-edges", type=int, default=2_000_000,
                        help="skip networkx above this many edges (pure Python; minutes and GiBs at 1M nodes)")
    parser.add_argument("--reference-weight", type=float, default=1000.0,
                        help="also run igraph's Leiden on Harbour's own objective: modularity with the null "
                             "model's total weight capped at this (leiden.reference_weight); 0 to skip")
    parser.add_argument("--large-graph-vertices", type=int, default=200_000,
                        help="as Harbour: one iteration above this many vertices, else to a fixed point")
    args = parser.parse_args()

    import random

    import igraph
    import networkx

    out = {}
    start = time.perf_counter()
    edges, weights, vertices = read_edges(args.edges)
    out["edges"] = len(edges)
    out["read_s"] = time.perf_counter() - start

    start = time.perf_counter()
    g = igraph.Graph(n=vertices, edges=edges, directed=False)
    g.es["weight"] = weights
    out["igraph_build_s"] = time.perf_counter() - start
    # Isolated vertices change neither modularity nor the partition of the others.
    out["vertices_with_edges"] = sum(1 for d in g.degree() if d > 0)

    random.seed(args.seed)
    igraph.set_random_number_generator(random)
    start = time.perf_counter()
    leiden = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=2)
    out["igraph_leiden_s"] = time.perf_counter() - start
    out["igraph_leiden_modularity"] = g.modularity(leiden.membership, weights="weight")
    out["igraph_leiden_communities"] = len(leiden)

    if args.reference_weight > 0:
        # The very call Harbour makes (analysis/clusters.cpp): python-igraph divides the resolution
        # by 2m for the modularity objective, so multiplying it by m / reference gives 1 / (2 reference).
        total = sum(weights)
        resolution = max(total / args.reference_weight, 1.0)
        iterations = 1 if g.vcount() > args.large_graph_vertices else -1
        start = time.perf_counter()
        same = g.community_leiden(objective_function="modularity", weights="weight", beta=0.01,
                                  resolution_parameter=resolution, n_iterations=iterations)
        out["igraph_leiden_harbour_objective_s"] = time.perf_counter() - start
        out["igraph_leiden_harbour_objective_modularity"] = g.modularity(same.membership, weights="weight")
        out["igraph_leiden_harbour_objective_communities"] = len(same)

    start = time.perf_counter()
    louvain = g.community_multilevel(weights="weight")
    out["igraph_louvain_s"] = time.perf_counter() - start
    out["igraph_louvain_modularity"] = g.modularity(louvain.membership, weights="weight")
    out["igraph_louvain_communities"] = len(louvain)
    del g

    if len(edges) <= args.networkx_max_edges:
        start = time.perf_counter()
        nx = networkx.Graph()
        nx.add_weighted_edges_from((a, b, w) for (a, b), w in zip(edges, weights))
        out["networkx_build_s"] = time.perf_counter() - start
        start = time.perf_counter()
        communities = networkx.community.louvain_communities(nx, weight="weight", seed=args.seed)
        out["networkx_louvain_s"] = time.perf_counter() - start
        out["networkx_louvain_modularity"] = networkx.community.modularity(nx, communities, weight="weight")
        out["networkx_louvain_communities"] = len(communities)
    else:
        out["networkx_skipped"] = f"{len(edges)} edges > --networkx-max-edges {args.networkx_max_edges}"
    print(json.dumps(out))


if __name__ == "__main__":
    main()
