#!/usr/bin/env python3
"""Seeds moto with a sandbox AWS estate: EC2 instances, ECS clusters and services, CPU metrics.

Small estate (default): the estate in estate.py, in moto's default account.
Bulk estate: --instances N --ecs-services M, for benchmarks, in a separate account.
A marker tag makes every run after the first a no-op.
"""

import argparse
import datetime
import os
import random
import sys
from pathlib import Path

import boto3

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
from estate import ECS_CLUSTERS, INSTANCE_GROUPS, REGIONS  # noqa: E402

AMI = "ami-1e749f67"  # an Ubuntu image moto ships
MARKER_KEY = "codex:sandbox"
SMALL_MARKER = "seed-v1"
BULK_ACCOUNT = "100000000001"
# moto pages DescribeInstances by reservation, so this also sets how many instances a page holds
DEFAULT_INSTANCES_PER_LAUNCH = 10
PERIOD = datetime.timedelta(minutes=5)


def default_endpoint() -> str:
    port = os.environ.get("MOTO_PORT")
    if not port:
        ports = Path(__file__).resolve().parents[2] / "infra" / "ports.env"
        lines = ports.read_text().splitlines()
        port = next(line.split("=", 1)[1] for line in lines if line.startswith("MOTO_PORT="))
    return f"http://127.0.0.1:{port.strip()}"


class Account:
    """boto3 clients for one moto account; accounts other than the default are entered via sts:AssumeRole."""

    def __init__(self, endpoint: str, account_id: str | None):
        keys = {"aws_access_key_id": "codex-sandbox", "aws_secret_access_key": "codex-sandbox"}
        if account_id:
            sts = boto3.client("sts", region_name=REGIONS[0], endpoint_url=endpoint, **keys)
            role = f"arn:aws:iam::{account_id}:role/codex-sandbox"
            issued = sts.assume_role(RoleArn=role, RoleSessionName="codex-sandbox-seed")["Credentials"]
            keys = {
                "aws_access_key_id": issued["AccessKeyId"],
                "aws_secret_access_key": issued["SecretAccessKey"],
                "aws_session_token": issued["SessionToken"],
            }
        self.account_id = account_id or "123456789012"
        self._client = lambda service, region: boto3.client(
            service, region_name=region, endpoint_url=endpoint, **keys
        )

    def ec2(self, region):
        return self._client("ec2", region)

    def ecs(self, region):
        return self._client("ecs", region)

    def cloudwatch(self, region):
        return self._client("cloudwatch", region)

    def seeded(self, marker: str) -> bool:
        return any(
            reservation["Instances"]
            for region in REGIONS
            for reservation in self.ec2(region).describe_instances(
                Filters=[{"Name": f"tag:{MARKER_KEY}", "Values": [marker]}], MaxResults=5
            )["Reservations"]
        )


def tags(marker: str, **values: str) -> list[dict]:
    return [{"Key": key, "Value": value} for key, value in {**values, MARKER_KEY: marker}.items()]


def launch(account: Account, region: str, count: int, instance_type: str, labels: list[dict]) -> list[str]:
    answer = account.ec2(region).run_instances(
        ImageId=AMI,
        InstanceType=instance_type,
        MinCount=count,
        MaxCount=count,
        TagSpecifications=[{"ResourceType": "instance", "Tags": labels}],
    )
    return [instance["InstanceId"] for instance in answer["Instances"]]


def create_cluster(account: Account, region: str, cluster: str, services: dict[str, int], labels: list[dict]):
    ecs = account.ecs(region)
    ecs_tags = [{"key": tag["Key"], "value": tag["Value"]} for tag in labels]
    ecs.create_cluster(clusterName=cluster, tags=ecs_tags)
    for service, desired in services.items():
        container = {"name": service, "image": f"codex/{service}:1", "memory": 512}
        ecs.register_task_definition(family=service, containerDefinitions=[container])
        ecs.create_service(
            cluster=cluster,
            serviceName=service,
            taskDefinition=service,
            desiredCount=desired,
            launchType="FARGATE",
            tags=ecs_tags,
        )


def put_cpu(account: Account, region: str, series: dict[str, tuple[float, float]], points: int):
    """Average CPU every 5 minutes over the last `points` periods, drawn from each instance's range."""
    now = datetime.datetime.now(datetime.timezone.utc)
    data = [
        {
            "MetricName": "CPUUtilization",
            "Dimensions": [{"Name": "InstanceId", "Value": instance_id}],
            "Timestamp": now - PERIOD * step - datetime.timedelta(seconds=30),
            "Value": round(random.Random(f"{instance_id}{step}").uniform(low, high), 2),
            "Unit": "Percent",
        }
        for instance_id, (low, high) in series.items()
        for step in range(points)
    ]
    cloudwatch = account.cloudwatch(region)
    for start in range(0, len(data), 1000):
        cloudwatch.put_metric_data(Namespace="AWS/EC2", MetricData=data[start : start + 1000])


def seed_small(account: Account, with_metrics: bool) -> str:
    running = 0
    for group in INSTANCE_GROUPS:
        ids = [
            launch(
                account,
                group.region,
                1,
                group.instance_type,
                tags(SMALL_MARKER, Name=f"{group.name}-{index}", env=group.env, team=group.team),
            )[0]
            for index in range(1, group.count + 1)
        ]
        stopped, started = ids[: group.stopped], ids[group.stopped :]
        if stopped:
            account.ec2(group.region).stop_instances(InstanceIds=stopped)
        if with_metrics:
            put_cpu(account, group.region, {instance_id: group.cpu for instance_id in started}, points=36)
        running += len(started)
    for cluster in ECS_CLUSTERS:
        labels = tags(SMALL_MARKER, env=cluster.env, team=cluster.team)
        create_cluster(account, cluster.region, cluster.name, cluster.services, labels)
    instances = sum(group.count for group in INSTANCE_GROUPS)
    services = sum(len(cluster.services) for cluster in ECS_CLUSTERS)
    return (
        f"{instances} EC2 instances ({running} running) in {len(REGIONS)} regions, "
        f"{len(ECS_CLUSTERS)} ECS clusters, {services} ECS services"
    )


def seed_bulk(account: Account, marker: str, args: argparse.Namespace) -> str:
    instances, ecs_services, per_launch = args.instances, args.ecs_services, args.instances_per_launch
    envs, teams = ("production", "staging", "dev"), ("payments", "web", "data", "search", "platform")
    launched: dict[str, list[str]] = {region: [] for region in REGIONS}
    for batch, start in enumerate(range(0, instances, per_launch)):
        region = REGIONS[batch % len(REGIONS)]
        count = min(per_launch, instances - start)
        labels = tags(marker, Name=f"bulk-{batch}", env=envs[batch % 3], team=teams[batch % 5])
        launched[region] += launch(account, region, count, "t3.micro", labels)
    if not args.no_metrics:
        for region, ids in launched.items():
            put_cpu(account, region, {instance_id: (1.0, 60.0) for instance_id in ids}, points=1)
    clusters = -(-ecs_services // 100)
    for index in range(clusters):
        services = {f"svc-{number}": 1 for number in range(index, ecs_services, clusters)}
        region = REGIONS[index % len(REGIONS)]
        create_cluster(account, region, f"bulk-{index}", services, tags(marker, env=envs[index % 3]))
    return (
        f"{instances} EC2 instances in {len(REGIONS)} regions, "
        f"{clusters} ECS clusters, {ecs_services} ECS services"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--endpoint", default=None, help="moto URL (default: 127.0.0.1:$MOTO_PORT)")
    parser.add_argument("--instances", type=int, help="bulk estate: this many EC2 instances")
    parser.add_argument("--ecs-services", type=int, default=0, help="bulk estate: this many ECS services")
    parser.add_argument(
        "--instances-per-launch",
        type=int,
        default=DEFAULT_INSTANCES_PER_LAUNCH,
        help="bulk estate: instances per RunInstances call, i.e. per reservation",
    )
    parser.add_argument(
        "--account-id", help=f"account to seed (default: moto's default; bulk: {BULK_ACCOUNT})"
    )
    parser.add_argument("--no-metrics", action="store_true", help="skip CloudWatch CPU datapoints")
    args = parser.parse_args()
    endpoint = args.endpoint or default_endpoint()
    bulk = args.instances is not None
    account = Account(endpoint, args.account_id or (BULK_ACCOUNT if bulk else None))
    marker = f"bulk-v1-{args.instances}-{args.ecs_services}" if bulk else SMALL_MARKER
    if account.seeded(marker):
        print(f"aws sandbox: {account.account_id} at {endpoint} already seeded ({MARKER_KEY}={marker})")
        return
    if bulk:
        summary = seed_bulk(account, marker, args)
    else:
        summary = seed_small(account, not args.no_metrics)
    print(f"aws sandbox: seeded account {account.account_id} at {endpoint}: {summary}")


if __name__ == "__main__":
    main()
