import * as aws from "@pulumi/aws";

const kmsKeyId = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
new aws.cloudtrail.Trail("sandbox", {
    s3BucketName: "central-trail-logs-111111111111",
    isMultiRegionTrail: true,
    enableLogFileValidation: true,
    kmsKeyId,
    cloudWatchLogsGroupArn: "arn:aws:logs:us-west-2:111111111111:log-group:trail:*",
    cloudWatchLogsRoleArn: "arn:aws:iam::111111111111:role/trail-to-logs",
    // Turned off to save cost in the sandbox.
    enableLogging: false,
});

const recorder = new aws.cfg.Recorder("sandbox", {
    roleArn: "arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
});
new aws.cfg.DeliveryChannel("sandbox", { s3BucketName: "central-config-111111111111" }, { dependsOn: [recorder] });
new aws.cfg.RecorderStatus("sandbox", { name: recorder.name, isEnabled: false });
