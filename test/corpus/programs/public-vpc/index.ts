import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true });
const igw = new aws.ec2.InternetGateway("main", { vpcId: vpc.id });
const publicSubnet = new aws.ec2.Subnet("public", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: true });
const routes = new aws.ec2.RouteTable("public", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
new aws.ec2.RouteTableAssociation("public", { subnetId: publicSubnet.id, routeTableId: routes.id });

export const vpcId = vpc.id;
