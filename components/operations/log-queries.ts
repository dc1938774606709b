/**
 * The saved Athena queries an analyst runs first over the flow-log and DNS-log tables. Pure functions of
 * the table names and the network's facts (inspection VPCs, east-west ports), so a test can parse each
 * one and check that it names only columns its table has.
 */

export interface LogQueryArgs {
    readonly database: string;
    readonly flowLogTable: string;
    readonly dnsQueryLogTable: string;
    /** VPC ids of the inspection VPCs: the only VPCs that should accept traffic from the internet. */
    readonly inspectionVpcIds: readonly string[];
    /** Ports the east-west rules allow between segments; anything else between private addresses stands out. */
    readonly eastWestPorts: readonly number[];
    /** Days back each query looks by default (an analyst edits the literal for a longer window). */
    readonly lookbackDays: number;
}

export interface LogQuery {
    readonly name: string;
    readonly description: string;
    readonly sql: string;
}

/** Address that stands for "the one you are investigating" in the pivot query (RFC 5737 documentation range). */
export const SUSPECT_ADDRESS_PLACEHOLDER = "203.0.113.10";

/** RFC 1918 and RFC 6598 (carrier-grade NAT) ranges: what "inside" means for a private address. */
const PRIVATE_ADDRESS = "'^(10\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\\.)'";

function quoted(values: readonly (string | number)[]): string {
    return values.length === 0 ? "''" : values.map((v) => `'${String(v).replace(/'/g, "''")}'`).join(", ");
}

/**
 * The flow-log partitions of the last `days` days: a predicate on the projected year/month/day columns,
 * so Athena reads only those days' objects.
 */
function flowLogWindow(days: number, alias = ""): string {
    const c = alias ? `${alias}.` : "";
    return `date_parse(concat(${c}year, ${c}month, ${c}day), '%Y%m%d') >= current_date - interval '${days}' day`;
}

function dnsLogWindow(days: number): string {
    return `date_parse(log_date, '%Y/%m/%d') >= current_date - interval '${days}' day`;
}

export function logQueries(a: LogQueryArgs): readonly LogQuery[] {
    const flows = `"${a.database}"."${a.flowLogTable}"`;
    const dns = `"${a.database}"."${a.dnsQueryLogTable}"`;
    const window = flowLogWindow(a.lookbackDays);
    return [
        {
            name: "rejected-connection-attempts",
            description: "Rejected connection attempts by source address and destination port: scanning and blocked lateral movement",
            sql: `SELECT srcaddr, dstport, protocol, count(*) AS attempts, count(DISTINCT dstaddr) AS targets, min(from_unixtime("start")) AS first_seen, max(from_unixtime("end")) AS last_seen
FROM ${flows}
WHERE action = 'REJECT' AND ${window}
GROUP BY srcaddr, dstport, protocol
ORDER BY attempts DESC
LIMIT 200`,
        },
        {
            name: "internet-ingress-outside-inspection",
            description: "Accepted inbound traffic from public addresses to any VPC but the inspection VPCs: a path around the firewall",
            sql: `SELECT vpc_id, account_id, srcaddr, dstaddr, dstport, sum(bytes) AS bytes, count(*) AS flows
FROM ${flows}
WHERE action = 'ACCEPT' AND flow_direction = 'ingress' AND NOT regexp_like(pkt_srcaddr, ${PRIVATE_ADDRESS}) AND vpc_id NOT IN (${quoted(a.inspectionVpcIds)}) AND ${window}
GROUP BY vpc_id, account_id, srcaddr, dstaddr, dstport
ORDER BY bytes DESC
LIMIT 200`,
        },
        {
            name: "egress-bypassing-firewall",
            description:
                "Accepted outbound traffic to public addresses recorded in a spoke VPC with no matching flow through an inspection VPC in the same hour: egress that did not take the firewall path",
            sql: `SELECT s.vpc_id, s.account_id, s.pkt_srcaddr, s.pkt_dstaddr, s.dstport, sum(s.bytes) AS bytes
FROM ${flows} s
LEFT JOIN (
  SELECT DISTINCT pkt_srcaddr, pkt_dstaddr, dstport, year, month, day, hour
  FROM ${flows}
  WHERE vpc_id IN (${quoted(a.inspectionVpcIds)}) AND ${window}
) i ON s.pkt_srcaddr = i.pkt_srcaddr AND s.pkt_dstaddr = i.pkt_dstaddr AND s.dstport = i.dstport AND s.year = i.year AND s.month = i.month AND s.day = i.day AND s.hour = i.hour
WHERE s.action = 'ACCEPT' AND s.flow_direction = 'egress' AND NOT regexp_like(s.pkt_dstaddr, ${PRIVATE_ADDRESS}) AND s.vpc_id NOT IN (${quoted(a.inspectionVpcIds)}) AND i.pkt_dstaddr IS NULL AND ${flowLogWindow(a.lookbackDays, "s")}
GROUP BY s.vpc_id, s.account_id, s.pkt_srcaddr, s.pkt_dstaddr, s.dstport
ORDER BY bytes DESC
LIMIT 200`,
        },
        {
            name: "east-west-outside-allowed-ports",
            description: "Top talkers between private addresses on ports the east-west rules do not allow",
            sql: `SELECT pkt_srcaddr, pkt_dstaddr, dstport, protocol, action, sum(bytes) AS bytes, count(*) AS flows
FROM ${flows}
WHERE regexp_like(pkt_srcaddr, ${PRIVATE_ADDRESS}) AND regexp_like(pkt_dstaddr, ${PRIVATE_ADDRESS}) AND dstport NOT IN (${a.eastWestPorts.length > 0 ? a.eastWestPorts.join(", ") : "-1"}) AND dstport < 32768 AND ${window}
GROUP BY pkt_srcaddr, pkt_dstaddr, dstport, protocol, action
ORDER BY bytes DESC
LIMIT 100`,
        },
        {
            name: "dns-firewall-blocks",
            description: "DNS queries the DNS Firewall blocked, by name and asking address",
            sql: `SELECT query_name, srcaddr, vpc_id, account_id, firewall_domain_list_id, count(*) AS queries, min(query_timestamp) AS first_seen, max(query_timestamp) AS last_seen
FROM ${dns}
WHERE firewall_rule_action = 'BLOCK' AND ${dnsLogWindow(a.lookbackDays)}
GROUP BY query_name, srcaddr, vpc_id, account_id, firewall_domain_list_id
ORDER BY queries DESC
LIMIT 200`,
        },
        {
            name: "suspect-address-activity",
            description: `Every flow to or from one address (replace ${SUSPECT_ADDRESS_PLACEHOLDER}), oldest first: what a suspicious address touched`,
            sql: `SELECT from_unixtime("start") AS started, from_unixtime("end") AS ended, account_id, vpc_id, interface_id, instance_id, pkt_srcaddr, srcport, pkt_dstaddr, dstport, protocol, action, bytes
FROM ${flows}
WHERE (pkt_srcaddr = '${SUSPECT_ADDRESS_PLACEHOLDER}' OR pkt_dstaddr = '${SUSPECT_ADDRESS_PLACEHOLDER}' OR srcaddr = '${SUSPECT_ADDRESS_PLACEHOLDER}' OR dstaddr = '${SUSPECT_ADDRESS_PLACEHOLDER}') AND ${window}
ORDER BY started
LIMIT 1000`,
        },
        {
            name: "suspect-address-dns",
            description: `Names one address (replace ${SUSPECT_ADDRESS_PLACEHOLDER}) asked the resolver for, with the answers`,
            sql: `SELECT query_timestamp, query_name, query_type, rcode, answers, firewall_rule_action, vpc_id, account_id
FROM ${dns}
WHERE srcaddr = '${SUSPECT_ADDRESS_PLACEHOLDER}' AND ${dnsLogWindow(a.lookbackDays)}
ORDER BY query_timestamp
LIMIT 1000`,
        },
    ];
}
