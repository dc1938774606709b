import * as aws from "@pulumi/aws";

const template = new aws.ec2.LaunchTemplate("workers", {
    imageId: "ami-0c55b159cbfafe1f0",
    instanceType: "t3.small",
    networkInterfaces: [{ associatePublicIpAddress: "true", subnetId: "subnet-0a1b2c3d4e5f60718" }],
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20, encrypted: "false" } }],
});

new aws.autoscaling.Group("workers", {
    minSize: 1,
    maxSize: 4,
    vpcZoneIdentifiers: ["subnet-0a1b2c3d4e5f60718"],
    launchTemplate: { id: template.id, version: "$Latest" },
});
