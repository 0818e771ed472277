"""The small, realistic AWS estate the sandbox seeds into moto."""

from dataclasses import dataclass, field

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


@dataclass(frozen=True)
class InstanceGroup:
    region: str
    name: str  # Name tag prefix; instances are <name>-1, <name>-2, ...
    count: int
    instance_type: str
    env: str
    team: str
    stopped: int = 0  # how many of the group are left stopped
    cpu: tuple[float, float] = (5.0, 20.0)  # CPU % range of its seeded datapoints


@dataclass(frozen=True)
class EcsCluster:
    region: str
    name: str
    env: str
    team: str
    services: dict[str, int] = field(default_factory=dict)  # service name -> desired count


INSTANCE_GROUPS = (
    InstanceGroup("us-east-1", "payments-api", 4, "m5.large", "production", "payments", cpu=(45, 80)),
    InstanceGroup("us-east-1", "payments-db-replica", 2, "r5.large", "production", "payments", cpu=(30, 55)),
    InstanceGroup("us-east-1", "etl-worker", 3, "c5.xlarge", "production", "data", cpu=(2, 6)),
    InstanceGroup("us-east-1", "checkout-staging", 2, "t3.small", "staging", "payments", cpu=(3, 12)),
    InstanceGroup("us-east-1", "bastion", 2, "t3.micro", "production", "platform", cpu=(1, 3)),
    InstanceGroup("us-east-1", "dev-sandbox", 3, "t3.medium", "dev", "platform", stopped=2, cpu=(1, 4)),
    InstanceGroup("eu-west-1", "web-frontend-eu", 4, "m5.large", "production", "web", cpu=(35, 70)),
    InstanceGroup("eu-west-1", "search-indexer", 2, "m5.xlarge", "production", "search", cpu=(60, 90)),
    InstanceGroup("eu-west-1", "web-staging", 3, "t3.small", "staging", "web", stopped=1, cpu=(4, 15)),
    InstanceGroup("eu-west-1", "web-dev", 3, "t3.micro", "dev", "web", stopped=2, cpu=(1, 5)),
    InstanceGroup("ap-southeast-2", "api-apac", 3, "m5.large", "production", "payments", cpu=(25, 60)),
    InstanceGroup("ap-southeast-2", "api-apac-staging", 2, "t3.small", "staging", "payments", cpu=(2, 10)),
    InstanceGroup("ap-southeast-2", "analytics-dev", 3, "t3.micro", "dev", "data", stopped=1, cpu=(1, 4)),
)

ECS_CLUSTERS = (
    EcsCluster(
        "us-east-1",
        "payments-prod",
        "production",
        "payments",
        {"checkout-api": 4, "payment-gateway": 3, "ledger-worker": 2, "fraud-scorer": 2},
    ),
    EcsCluster(
        "eu-west-1",
        "web-staging",
        "staging",
        "web",
        {"frontend": 2, "api": 2, "image-resizer": 1},
    ),
)
