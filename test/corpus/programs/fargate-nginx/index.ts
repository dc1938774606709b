import * as aws from "@pulumi/aws";

const repo = new aws.ecr.Repository("nginx", { forceDelete: true });
const cluster = new aws.ecs.Cluster("web");

const taskRole = new aws.iam.Role("nginx-task-exec", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicyAttachment("nginx-task-exec", {
    role: taskRole.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
});

const task = new aws.ecs.TaskDefinition("nginx", {
    family: "nginx",
    cpu: "256",
    memory: "512",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    executionRoleArn: taskRole.arn,
    containerDefinitions: repo.repositoryUrl.apply((url) =>
        JSON.stringify([{ name: "nginx", image: `${url}:latest`, essential: true, portMappings: [{ containerPort: 80, protocol: "tcp" }] }]),
    ),
});

new aws.ecs.Service("nginx", {
    cluster: cluster.arn,
    taskDefinition: task.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: { subnets: ["subnet-0a1b2c3d4e5f60718"], assignPublicIp: true },
});

export const repositoryUrl = repo.repositoryUrl;
