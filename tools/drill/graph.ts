/**
 * What the threat drill reads of a stack's captured graph: the EventBridge rules as the program
 * registers them (their eventPattern inputs, not the functions that built them), where their targets
 * deliver, and which account receives each finding source's events.
 */
import type { EventPattern, Remediation } from "../../components/response/patterns";
import { REMEDIATIONS } from "../../components/response/patterns";
import { ALERT_SEVERITIES, AlertSeverity, SECURITY_EVENT_BUS } from "../../components/shared/names";
import type { InputTransformer } from "../events/input-transformer";
import type { RuntimeResource } from "../runtime-call-model";

/** A registered EventBridge rule with what its target delivers to. */
export interface RegisteredRule {
    readonly account: string;
    readonly region: string;
    readonly name: string;
    readonly pattern: EventPattern;
    readonly targetArn: string;
    /** The target's input transformer, when it sends a message of its own instead of the event. */
    readonly inputTransformer?: InputTransformer;
}

export interface AlertRoute extends RegisteredRule {
    /** Severity of the SNS topic the rule publishes to (the topic's Severity tag). */
    readonly severity: AlertSeverity;
}

export interface RemediationRoute extends RegisteredRule {
    readonly remediation: Remediation;
    /** The function's environment as registered: the handler runs with it. */
    readonly environment: Readonly<Record<string, string>>;
    readonly functionName: string;
}

export interface DrillGraph {
    /** Account id by logical name (the providers' `<name>-<region>`). */
    readonly accounts: Readonly<Record<string, string>>;
    readonly managementAccountId: string;
    readonly centralBus: { readonly account: string; readonly region: string; readonly arn: string };
    /** Rules on every account's default bus whose target is the central bus. */
    readonly forwarders: readonly RegisteredRule[];
    /** Central-bus rules publishing to an alert topic. */
    readonly alerts: readonly AlertRoute[];
    /** Central-bus rules invoking a remediation function. */
    readonly remediations: readonly RemediationRoute[];
    /** Account whose default bus receives an organization's findings, by event source (the delegated administrator). */
    readonly administrators: Readonly<Record<string, string>>;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** Delegated administrators in the graph, by the event source whose member findings they receive. */
const ADMINISTRATOR_TYPES: readonly { source: string; type: string; key: string; servicePrincipal?: string }[] = [
    { source: "aws.guardduty", type: "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", key: "adminAccountId" },
    { source: "aws.securityhub", type: "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount", key: "adminAccountId" },
    { source: "aws.macie", type: "aws:macie2/organizationAdminAccount:OrganizationAdminAccount", key: "adminAccountId" },
    // The organization analyzer lives in Access Analyzer's delegated administrator and reports there.
    {
        source: "aws.access-analyzer",
        type: "aws:organizations/delegatedAdministrator:DelegatedAdministrator",
        key: "accountId",
        servicePrincipal: "access-analyzer.amazonaws.com",
    },
];

export function drillGraph(resources: readonly RuntimeResource[]): DrillGraph {
    const of = (type: string) => resources.filter((r) => r.type === type);
    const organization = of("aws:organizations/organization:Organization")[0];
    if (!organization?.account) throw new Error("the stack registers no organization: the drill needs the landing zone's program");
    const bus = of("aws:cloudwatch/eventBus:EventBus").find((b) => b.inputs.name === SECURITY_EVENT_BUS);
    if (!bus?.account || !bus.region) throw new Error(`the stack registers no event bus ${SECURITY_EVENT_BUS} (the central security bus)`);
    const centralBus = { account: bus.account, region: bus.region, arn: `arn:aws:events:${bus.region}:${bus.account}:event-bus/${SECURITY_EVENT_BUS}` };

    const targets = of("aws:cloudwatch/eventTarget:EventTarget");
    const rules: RegisteredRule[] = of("aws:cloudwatch/eventRule:EventRule").flatMap((r) => {
        const name = str(r.inputs.name);
        const pattern = str(r.inputs.eventPattern);
        if (!name || !pattern || !r.account || !r.region) return [];
        const busName = str(r.inputs.eventBusName) ?? "default";
        const target = targets.find(
            (t) => t.account === r.account && t.region === r.region && t.inputs.rule === name && (str(t.inputs.eventBusName) ?? "default") === busName,
        );
        const targetArn = str(target?.inputs.arn);
        if (!targetArn) return [];
        const inputTransformer = target?.inputs.inputTransformer as InputTransformer | undefined;
        return [
            {
                account: r.account,
                region: r.region,
                name: `${busName === "default" ? "" : `${busName}/`}${name}`,
                pattern: JSON.parse(pattern),
                targetArn,
                ...(inputTransformer ? { inputTransformer } : {}),
            },
        ];
    });
    const central = (r: RegisteredRule) => r.account === centralBus.account && r.region === centralBus.region && r.name.startsWith(`${SECURITY_EVENT_BUS}/`);

    const topics = of("aws:sns/topic:Topic");
    const alerts: AlertRoute[] = rules.filter(central).flatMap((r) => {
        const topic = topics.find((t) => `arn:aws:sns:${t.region}:${t.account}:${String(t.inputs.name)}` === r.targetArn);
        const severity = (topic?.inputs.tags as Record<string, string> | undefined)?.Severity as AlertSeverity | undefined;
        return severity && ALERT_SEVERITIES.includes(severity) ? [{ ...r, severity }] : [];
    });
    const functions = of("aws:lambda/function:Function");
    const remediations: RemediationRoute[] = rules.filter(central).flatMap((r) => {
        const fn = functions.find((f) => `arn:aws:lambda:${f.region}:${f.account}:function:${String(f.inputs.name)}` === r.targetArn);
        const functionName = str(fn?.inputs.name);
        const remediation = REMEDIATIONS.find((k) => functionName === `lz-remediation-${k}`);
        if (!fn || !functionName || !remediation) return [];
        const environment = ((fn.inputs.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {}) as Record<string, string>;
        return [{ ...r, remediation, functionName, environment }];
    });

    const accounts: Record<string, string> = {};
    for (const p of of("pulumi:providers:aws")) {
        const region = str(p.inputs.region);
        const allowed = str(p.inputs.allowedAccountIds);
        if (!region || !allowed || !p.name.endsWith(`-${region}`)) continue;
        const [id] = JSON.parse(allowed) as string[];
        accounts[p.name.slice(0, -`-${region}`.length)] ??= id;
    }
    const administrators: Record<string, string> = {};
    for (const a of ADMINISTRATOR_TYPES) {
        const found = of(a.type).find((r) => !a.servicePrincipal || r.inputs.servicePrincipal === a.servicePrincipal);
        const id = str(found?.inputs[a.key]);
        if (id) administrators[a.source] = id;
    }
    return {
        accounts,
        managementAccountId: organization.account,
        centralBus,
        forwarders: rules.filter((r) => !r.name.includes("/") && r.targetArn === centralBus.arn),
        alerts,
        remediations,
        administrators,
    };
}
