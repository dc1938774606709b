import type { ReportResource } from "../../tools/report-model";
import { stackResources } from "../support/preview";

/** One stack's offline-preview resources, readable once its suite's before-hook has run. */
export interface StackGraph {
    readonly stack: string;
    /** Every resource of the stack's preview. */
    resources(): readonly ReportResource[];
    /** The resources of one type. */
    ofType(type: string): ReportResource[];
}

/**
 * A suite per stack (dev, prod) titled `title(stack)`, whose tests read that stack's graph: the cached
 * offline preview, run (or reused) before the suite's first test rather than when the file loads.
 */
export function describeStackGraphs(title: (stack: string) => string, tests: (graph: StackGraph) => void): void {
    for (const stack of ["dev", "prod"]) {
        describe(title(stack), function () {
            // The first suite to ask builds the program and previews the stack.
            this.timeout(10 * 60 * 1000);
            let resources: readonly ReportResource[] = [];
            before(() => {
                resources = stackResources(stack);
            });
            tests({ stack, resources: () => resources, ofType: (type) => resources.filter((r) => r.type === type) });
        });
    }
}
