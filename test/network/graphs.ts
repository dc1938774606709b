import { GraphRecord, recordsFromRun } from "../../tools/network-graph";
import { stackRun } from "../support/stack-runs";
import { analyzeReachability, type ReachabilityReport } from "../../tools/reachability";

/** A stack's network graph, from its shared run (test/support/stack-runs.ts). */
export async function stackGraph(stack: "dev" | "prod"): Promise<GraphRecord[]> {
    return recordsFromRun(stackRun(stack));
}

const reachability = new Map<string, Promise<ReachabilityReport>>();

/** The reachability of a stack's graph as captured, analysed once (prod's takes about 7 s): tests only read it. */
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
