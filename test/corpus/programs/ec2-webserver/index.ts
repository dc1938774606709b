import * as aws from "@pulumi/aws";

// A web server reached on port 80, with SSH for the operator, in the account's default VPC.
const group = new aws.ec2.SecurityGroup("web-secgrp", {
    description: "Enable HTTP and SSH access",
    ingress: [
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
    ],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

const userData = `#!/bin/bash
echo "Hello, World!" > index.html
nohup python -m SimpleHTTPServer 80 &`;

const server = new aws.ec2.Instance("web-server-www", {
    instanceType: "t3.micro",
    vpcSecurityGroupIds: [group.id],
    ami: "ami-0c55b159cbfafe1f0",
    userData,
    tags: { Name: "web-server-www" },
});

export const publicIp = server.publicIp;
export const publicHostName = server.publicDns;
