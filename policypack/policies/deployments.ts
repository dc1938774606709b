import type { PolicyResource } from "@pulumi/policy";
import { cannotVerify, isUnknown, list, outputsPending, providerValue } from "./common";

// Where the program deploys: the (account, region) pairs of its providers, for the presence checks of stack policies.

/** An account and region the program deploys to, from the explicit provider of its resources. */
export interface Placement {
    /** The pinned account id; for a pin unknown in preview, the URN of the aws.organizations.Account it comes from. */
    readonly account: string;
    readonly accountLabel: string;
    readonly region: string;
}

/**
 * Types a region may hold without hosting workloads: the plumbing of global services that AWS runs from
 * one region, outside the allowed ones: global-service events (EventBridge rules and targets, with the
 * AWS Config recording of them) and Firewall Manager's administrator and CloudFront-scope policies.
 */
const GLOBAL_PLUMBING_TYPES = new Set([
    "aws:cloudwatch/eventRule:EventRule",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cfg/recorder:Recorder",
    "aws:cfg/deliveryChannel:DeliveryChannel",
    "aws:cfg/recorderStatus:RecorderStatus",
    "aws:fms/adminAccount:AdminAccount",
    "aws:fms/policy:Policy",
]);

/**
 * The accounts and regions a stack deploys to, read from the providers its AWS resources use
 * (`allowedAccountIds`, `region`). A pin unknown during preview identifies its account by the
 * aws.organizations.Account it depends on (an account created in this run); any other unknown pin or
 * region cannot be placed and is reported once per provider (fail closed). A provider without a pin
 * stands for an account of its own.
 */
export class Deployments {
    private readonly byUrn: Map<string, PolicyResource>;
    private readonly placements = new Map<string, Placement | undefined>();
    private readonly pairs = new Map<string, Placement & { workloads: boolean }>();

    constructor(
        resources: readonly PolicyResource[],
        private readonly report: (message: string, urn?: string) => void,
    ) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
        for (const r of resources) {
            if (!r.type.startsWith("aws:")) continue;
            const p = this.place(r);
            if (!p) continue;
            const key = pairKey(p);
            const pair = this.pairs.get(key) ?? { ...p, workloads: false };
            pair.workloads ||= !GLOBAL_PLUMBING_TYPES.has(r.type);
            this.pairs.set(key, pair);
        }
    }

    /** Where a resource is deployed; undefined (already reported) when its provider's pin or region is unknown. */
    place(r: PolicyResource): Placement | undefined {
        const provider = r.provider;
        const key = provider?.urn ?? "";
        if (this.placements.has(key)) return this.placements.get(key);
        const placement = provider
            ? this.placeProvider(provider)
            : { account: "(default provider)", accountLabel: "of the default provider", region: "(default region)" };
        this.placements.set(key, placement);
        return placement;
    }

    /** Every account the stack deploys to. */
    accounts(): Placement[] {
        const seen = new Map<string, Placement>();
        for (const p of this.pairs.values()) if (!seen.has(p.account)) seen.set(p.account, p);
        return [...seen.values()];
    }

    /** Every (account, region) the stack deploys to; `workloadsOnly` leaves out regions that hold only global-service plumbing. */
    pairsDeployed(workloadsOnly = false): Placement[] {
        return [...this.pairs.values()].filter((p) => !workloadsOnly || p.workloads);
    }

    private placeProvider(provider: NonNullable<PolicyResource["provider"]>): Placement | undefined {
        let account: string;
        let accountLabel: string;
        if (isUnknown(() => provider.props.allowedAccountIds)) {
            const from = this.byUrn.get(provider.urn)?.propertyDependencies.allowedAccountIds ?? [];
            if (from.length !== 1 || from[0].type !== "aws:organizations/account:Account") {
                this.report(`${cannotVerify(`the account of provider ${provider.name} (allowedAccountIds)`)}`, provider.urn);
                return undefined;
            }
            account = from[0].urn;
            accountLabel = `${from[0].name} (created in this run)`;
        } else {
            const ids = list<string>(providerValue(provider.props.allowedAccountIds)).map(String).sort();
            account = ids.length > 0 ? ids.join(",") : `(provider ${provider.name})`;
            accountLabel = ids.length > 0 ? ids.join(",") : `of provider ${provider.name} (no allowedAccountIds)`;
        }
        if (isUnknown(() => provider.props.region)) {
            this.report(cannotVerify(`the region of provider ${provider.name}`), provider.urn);
            return undefined;
        }
        const region = typeof provider.props.region === "string" && provider.props.region !== "" ? provider.props.region : "(default region)";
        return { account, accountLabel, region };
    }
}

/** The key of an (account, region) pair. */
export function pairKey(p: Placement): string {
    return `${p.account}|${p.region}`;
}

/**
 * The (account, region) pairs where at least one of `found` is deployed and `qualifies`. A resource in
 * an account created in this run qualifies by its presence (outputsPending: the engine shows it without
 * inputs in preview); the stack checks run again when the update ends, with its inputs known.
 */
export function pairsOf(deployments: Deployments, found: readonly PolicyResource[], qualifies: (r: PolicyResource) => boolean = () => true): Set<string> {
    return new Set(
        found
            .filter((r) => outputsPending(r) || qualifies(r))
            .flatMap((r) => {
                const p = deployments.place(r);
                return p ? [pairKey(p)] : [];
            }),
    );
}
