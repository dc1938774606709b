import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { OBSERVABILITY_RESOURCE_TYPES, observabilitySinkPolicy } from "../policies/operations";

export interface ObservabilitySinkArgs {
    readonly organizationId: pulumi.Input<string>;
}

/**
 * The monitoring account's CloudWatch cross-account observability sink in one region: dashboards and
 * alarms there see the metrics and log groups of every account linked to it. The policy admits links
 * from the organization only.
 */
export class ObservabilitySink extends pulumi.ComponentResource {
    readonly sink: aws.oam.Sink;
    /** Links wait for it: CreateLink is refused until the sink policy admits the source account. */
    readonly policy: aws.oam.SinkPolicy;

    constructor(name: string, args: ObservabilitySinkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:operations:ObservabilitySink", name, {}, opts);
        this.sink = new aws.oam.Sink(`${name}-sink`, { name: "landing-zone-monitoring" }, { parent: this });
        this.policy = new aws.oam.SinkPolicy(
            `${name}-sink-policy`,
            { sinkIdentifier: this.sink.arn, policy: pulumi.output(args.organizationId).apply((id) => toJson(observabilitySinkPolicy(id))) },
            { parent: this.sink },
        );
        this.registerOutputs({ sinkArn: this.sink.arn });
    }
}

/** A source account's link to the monitoring sink of its region, sharing metrics and log groups. */
export function linkToSink(name: string, sink: ObservabilitySink, opts: pulumi.CustomResourceOptions): aws.oam.Link {
    return new aws.oam.Link(
        name,
        { sinkIdentifier: sink.sink.arn, resourceTypes: [...OBSERVABILITY_RESOURCE_TYPES], labelTemplate: "$AccountName" },
        { ...opts, dependsOn: [sink.policy] },
    );
}
