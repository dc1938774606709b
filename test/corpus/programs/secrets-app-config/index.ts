import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const key = new aws.kms.Key("app-secrets", { enableKeyRotation: true });

const dbSecret = new aws.secretsmanager.Secret("db-credentials", { kmsKeyId: key.arn, description: "orders database" });
new aws.secretsmanager.SecretVersion("db-credentials", {
    secretId: dbSecret.id,
    secretString: config.getSecret("dbPassword") ?? pulumi.secret("change-me"),
});

new aws.ssm.Parameter("stripe-api-key", { name: "/orders/stripe-api-key", type: "String", value: "sk_test_0000000000" });
