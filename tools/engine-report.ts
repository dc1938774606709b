import { type EngineEvent, providerUrn } from "./engine-events";
import { providerPlacement } from "./placeholders";
import type { EnforcementLevel, PolicyInfo, Violation } from "./policy-engine";
import { reportPolicies, sortViolations } from "./report";
import type { PreviewReport, ReportResource } from "./report-model";
import { plainValue } from "./wire";

/**
 * A preview report built from the engine's own events (`pulumi preview --json`, streamed), so the
 * engine's preview prints and renders exactly as the offline one does. What the events do not carry
 * (dependencies, most resource options) stays empty.
 */
export interface EngineReportContext {
    readonly project: string;
    readonly stack: string;
    readonly pack: { readonly name: string; readonly version: string };
    readonly policies: readonly PolicyInfo[];
    readonly effective: ReadonlyMap<string, { enforcementLevel: EnforcementLevel; properties?: Record<string, unknown> }>;
}

/** Operations that leave the resource in the stack after the preview. */
const KEPT = new Set(["same", "create", "update", "replace", "create-replacement", "import", "import-replacement", "read"]);

export function engineReport(events: readonly EngineEvent[], ctx: EngineReportContext): PreviewReport {
    const steps = new Map<string, NonNullable<EngineEvent["resourcePreEvent"]>["metadata"]>();
    for (const e of events) {
        const m = e.resourcePreEvent?.metadata;
        if (m && KEPT.has(m.op) && m.new) steps.set(m.urn, m);
    }
    const placements = new Map<string, { account: string; region: string }>();
    for (const m of steps.values())
        if (m.type.startsWith("pulumi:providers:")) placements.set(m.urn, providerPlacement(plainValue(m.new?.inputs ?? {}) as Record<string, unknown>));
    const resources: ReportResource[] = [...steps.values()].map((m) => {
        const n = m.new!;
        const provider = providerUrn(n.provider);
        const at = placements.get(provider ?? m.urn);
        const state = n as typeof n & { id?: string; protect?: boolean; retainOnDelete?: boolean };
        return {
            urn: m.urn,
            type: m.type,
            name: m.urn.split("::").slice(3).join("::"),
            custom: n.custom === true,
            parent: n.parent || undefined,
            provider,
            account: at?.account,
            region: at?.region,
            // A resource the preview keeps as it is carries its id in the old state only.
            id: state.id || (m.op === "same" || m.op === "update" ? m.old?.id : undefined) || undefined,
            inputs: plainValue(n.inputs ?? {}) as Record<string, unknown>,
            options: {
                protect: state.protect === true,
                retainOnDelete: state.retainOnDelete === true,
                ignoreChanges: [],
                replaceOnChanges: [],
                additionalSecretOutputs: [],
                aliases: [],
            },
            dependencies: [],
        };
    });
    const stackUrn =
        resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ??
        `urn:pulumi:${ctx.stack}::${ctx.project}::pulumi:pulumi:Stack::${ctx.project}-${ctx.stack}`;
    const byName = new Map(ctx.policies.map((p) => [p.name, p]));
    const violations: Violation[] = events
        .filter((e) => e.policyEvent && e.policyEvent.policyPackName === ctx.pack.name)
        .map((e) => {
            const p = e.policyEvent!;
            const description = byName.get(p.policyName)?.description ?? "";
            // The analyzer's message already starts with the policy's description; the engine adds a newline.
            const message = p.message.replace(/\n$/, "");
            const exceptions = p.exceptions && p.exceptions.length > 0 ? { exceptions: p.exceptions.map((x) => ({ id: x.id, reason: x.reason })) } : {};
            return {
                policy: p.policyName,
                enforcementLevel: p.enforcementLevel,
                urn: p.resourceUrn || stackUrn,
                message,
                severity: p.severity,
                description,
                ...exceptions,
            };
        });
    return {
        stack: ctx.stack,
        project: ctx.project,
        source: "engine",
        resources,
        policyPack: ctx.pack,
        policies: reportPolicies(ctx.policies, ctx.effective),
        violations: sortViolations(violations),
        // The remediations the engine applied; one that could not run came as an advisory policyEvent above.
        remediations: events
            .filter((e) => e.policyRemediationEvent?.policyPackName === ctx.pack.name)
            .map((e) => ({ policy: e.policyRemediationEvent!.policyName, urn: e.policyRemediationEvent!.resourceUrn })),
        outputs: {},
    };
}
