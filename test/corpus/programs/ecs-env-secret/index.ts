import * as aws from "@pulumi/aws";

new aws.ecs.TaskDefinition("api", {
    family: "api",
    cpu: "512",
    memory: "1024",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify([
        {
            name: "api",
            image: "111111111111.dkr.ecr.us-west-2.amazonaws.com/api:1.4.2",
            essential: true,
            readonlyRootFilesystem: true,
            environment: [
                { name: "DB_HOST", value: "orders.cluster-abc.us-west-2.rds.amazonaws.com" },
                { name: "DB_PASSWORD", value: "hunter2" },
            ],
        },
    ]),
});
