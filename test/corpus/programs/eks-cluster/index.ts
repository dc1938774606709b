import * as aws from "@pulumi/aws";

const assume = (service: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });

const clusterRole = new aws.iam.Role("eks-cluster-role", { assumeRolePolicy: assume("eks.amazonaws.com") });
new aws.iam.RolePolicyAttachment("eks-cluster-policy", { role: clusterRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" });

const nodeRole = new aws.iam.Role("eks-node-role", { assumeRolePolicy: assume("ec2.amazonaws.com") });
for (const [i, arn] of [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
].entries())
    new aws.iam.RolePolicyAttachment(`eks-node-policy-${i}`, { role: nodeRole.name, policyArn: arn });

const subnetIds = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"];
const cluster = new aws.eks.Cluster("demo", { roleArn: clusterRole.arn, vpcConfig: { subnetIds } });

new aws.eks.NodeGroup("demo-nodes", {
    clusterName: cluster.name,
    nodeRoleArn: nodeRole.arn,
    subnetIds,
    scalingConfig: { desiredSize: 2, minSize: 1, maxSize: 3 },
});

export const endpoint = cluster.endpoint;
