/** What the engine reports: the streamed events of `pulumi preview --json` and `pulumi stack export`'s state. */

/**
 * The events of `pulumi preview --json` with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true: one JSON object
 * per line (what pull-request.yml's cloud preview writes, and what the engine suite reads).
 */
export function parseEngineEvents(text: string): EngineEvent[] {
    const events: EngineEvent[] = [];
    for (const line of text.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
            events.push(JSON.parse(line) as EngineEvent);
        } catch {
            // Not an event line (a non-streamed JSON document spans lines).
        }
    }
    return events;
}

/** One engine event of `--json` streaming output (the fields the reports read). */
export interface EngineEvent {
    readonly sequence: number;
    readonly timestamp: number;
    readonly resourcePreEvent?: { metadata: StepMetadata };
    readonly policyEvent?: {
        resourceUrn?: string;
        message: string;
        policyName: string;
        policyPackName: string;
        enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
        severity?: string;
        /** The pack config's exceptions that matched the violation (a version 2 file): it fails nothing. */
        exceptions?: { id: string; reason: string }[];
    };
    readonly policyRemediationEvent?: { resourceUrn: string; policyName: string; policyPackName: string };
    readonly diagnosticEvent?: { urn?: string; message: string; severity: string };
    readonly summaryEvent?: { resourceChanges?: Record<string, number>; result?: string; durationSeconds?: number };
}

export interface StepMetadata {
    readonly op: string;
    readonly urn: string;
    readonly type: string;
    readonly provider?: string;
    readonly new?: { urn: string; type: string; parent?: string; provider?: string; inputs?: Record<string, unknown>; custom?: boolean };
    readonly old?: { urn: string; type: string; id?: string } | null;
    /** Top-level properties whose change the provider reported. */
    readonly diffs?: readonly string[] | null;
    readonly detailedDiff?: Record<string, unknown> | null;
}

/** `pulumi stack export`: the resources of the deployment, as the engine keeps them. */
export interface StateExport {
    readonly deployment: { resources?: StateResource[] };
}

export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    readonly dependencies?: string[];
    readonly propertyDependencies?: Record<string, string[]>;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

/** A provider reference `urn::id` without its id. */
export function providerUrn(ref: string | undefined): string | undefined {
    return ref ? ref.split("::").slice(0, -1).join("::") : undefined;
}
