import * as aws from "@pulumi/aws";

const cluster = new aws.ecs.Cluster("workers", { settings: [{ name: "containerInsights", value: "enabled" }] });

const task = new aws.ecs.TaskDefinition("agent", {
    family: "agent",
    requiresCompatibilities: ["EC2"],
    networkMode: "bridge",
    containerDefinitions: JSON.stringify([
        {
            name: "agent",
            image: "public.ecr.aws/docker/library/busybox:latest",
            memory: 256,
            essential: true,
            privileged: true,
            readonlyRootFilesystem: true,
        },
    ]),
});

new aws.ecs.Service("agent", { cluster: cluster.arn, taskDefinition: task.arn, desiredCount: 1, launchType: "EC2" });
