import { GraphRecord, landingZoneGraph } from "../../tools/network-graph";
import { analyzeReachability, type ReachabilityReport } from "../../tools/reachability";

/**
 * The dev and prod landing zones run once each under the offline preview's mock runtime (one program
 * at a time: Pulumi's runtime state is global); every network test reads the same graphs.
 */
const cache = new Map<string, Promise<GraphRecord[]>>();
let queue: Promise<unknown> = Promise.resolve();

export function stackGraph(stack: "dev" | "prod"): Promise<GraphRecord[]> {
    let graph = cache.get(stack);
    if (!graph) {
        graph = queue.then(() => landingZoneGraph(stack));
        queue = graph.catch(() => undefined);
        cache.set(stack, graph);
    }
    return graph;
}

const reachability = new Map<string, Promise<ReachabilityReport>>();

/** The reachability of a stack's graph as captured, analysed once (prod's takes ~20 s): tests only read it. */
export function stackReachability(stack: "dev" | "prod"): Promise<ReachabilityReport> {
    let report = reachability.get(stack);
    if (!report) {
        report = stackGraph(stack).then((graph) => analyzeReachability(graph));
        reachability.set(stack, report);
    }
    return report;
}

/** Records of one type. */
export function ofType(records: readonly GraphRecord[], type: string): GraphRecord[] {
    return records.filter((r) => r.type === type);
}

/** A deep copy to mutate without touching the shared graph. */
export function cloneGraph(records: readonly GraphRecord[]): GraphRecord[] {
    return JSON.parse(JSON.stringify(records)) as GraphRecord[];
}
