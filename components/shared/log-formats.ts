/**
 * The record formats the landing zone asks AWS to write into the log archive, and the Athena columns
 * that read them. One list per log, so the format a flow log is configured with and the table that
 * queries it cannot drift apart: a field added here is both logged and queryable.
 */

/** A column of a log table: its name in Athena and its Hive type. */
export interface LogColumn {
    readonly name: string;
    readonly type: string;
}

/**
 * VPC flow log fields, versions 2 to 5, in the order they are configured. Parquet files name each
 * column after the field with hyphens turned into underscores; the types are those AWS documents for
 * Parquet flow logs ("Flow log records" and Athena's Parquet table for them).
 */
export const VPC_FLOW_LOG_FIELDS: readonly { readonly field: string; readonly type: string }[] = [
    { field: "version", type: "int" },
    { field: "account-id", type: "string" },
    { field: "interface-id", type: "string" },
    { field: "srcaddr", type: "string" },
    { field: "dstaddr", type: "string" },
    { field: "srcport", type: "int" },
    { field: "dstport", type: "int" },
    { field: "protocol", type: "bigint" },
    { field: "packets", type: "bigint" },
    { field: "bytes", type: "bigint" },
    { field: "start", type: "bigint" },
    { field: "end", type: "bigint" },
    { field: "action", type: "string" },
    { field: "log-status", type: "string" },
    { field: "vpc-id", type: "string" },
    { field: "subnet-id", type: "string" },
    { field: "instance-id", type: "string" },
    { field: "tcp-flags", type: "int" },
    { field: "type", type: "string" },
    { field: "pkt-srcaddr", type: "string" },
    { field: "pkt-dstaddr", type: "string" },
    { field: "region", type: "string" },
    { field: "az-id", type: "string" },
    { field: "sublocation-type", type: "string" },
    { field: "sublocation-id", type: "string" },
    { field: "pkt-src-aws-service", type: "string" },
    { field: "pkt-dst-aws-service", type: "string" },
    { field: "flow-direction", type: "string" },
    { field: "traffic-path", type: "int" },
];

/** The custom record format of every VPC flow log: `${version} ${account-id} ...`. */
export function vpcFlowLogFormat(): string {
    return VPC_FLOW_LOG_FIELDS.map((f) => "${" + f.field + "}").join(" ");
}

/** Athena columns of the VPC flow log table, as the Parquet files name them. */
export const VPC_FLOW_LOG_COLUMNS: readonly LogColumn[] = VPC_FLOW_LOG_FIELDS.map((f) => ({ name: f.field.replace(/-/g, "_"), type: f.type }));

/**
 * Route 53 Resolver query log records (JSON, one per line), as "Values that appear in Resolver query
 * logs" documents them; AWS chooses this format, the program cannot configure it.
 */
export const DNS_QUERY_LOG_COLUMNS: readonly LogColumn[] = [
    { name: "version", type: "string" },
    { name: "account_id", type: "string" },
    { name: "region", type: "string" },
    { name: "vpc_id", type: "string" },
    { name: "query_timestamp", type: "string" },
    { name: "query_name", type: "string" },
    { name: "query_type", type: "string" },
    { name: "query_class", type: "string" },
    { name: "rcode", type: "string" },
    { name: "answers", type: "array<struct<Rdata:string,Type:string,Class:string>>" },
    { name: "srcaddr", type: "string" },
    { name: "srcport", type: "int" },
    { name: "transport", type: "string" },
    { name: "srcids", type: "struct<instance:string,resolver_endpoint:string>" },
    { name: "firewall_rule_action", type: "string" },
    { name: "firewall_rule_group_id", type: "string" },
    { name: "firewall_domain_list_id", type: "string" },
];
