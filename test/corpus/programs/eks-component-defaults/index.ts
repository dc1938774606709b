import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const provider = new aws.Provider("workload", {
    region: "eu-west-1",
    allowedAccountIds: ["111111111111"],
    defaultTags: { tags: { Environment: "dev", Owner: "team-k8s", CostCenter: "cc-1234" } },
});

/**
 * `new eks.Cluster(name, args, opts)` of @pulumi/eks, which is not installed here: its generated
 * constructor registers exactly this, a remote component of type eks:index:Cluster with the args as
 * inputs, built by the eks provider plugin.
 */
class Cluster extends pulumi.ComponentResource {
    public readonly kubeconfig!: pulumi.Output<unknown>;
    constructor(name: string, args: pulumi.Inputs, opts?: pulumi.ComponentResourceOptions) {
        super("eks:index:Cluster", name, { ...args, kubeconfig: undefined }, opts, true);
    }
}

const cluster = new Cluster(
    "demo",
    {
        vpcId: "vpc-0a1b2c3d4e5f60718",
        publicSubnetIds: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
        instanceType: "t3.medium",
        desiredCapacity: 2,
        minSize: 1,
        maxSize: 3,
    },
    { providers: { aws: provider } },
);

export const kubeconfig = cluster.kubeconfig;
