# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# Apache Kafka 3.9.1, single-node KRaft (broker and controller in one JVM),
# run from the jars that kafka/pom.xml resolves from Maven Central.

SRV_PORT="$KAFKA_PORT"
SRV_TIMEOUT=120
SRV_STOP_TIMEOUT=60
KAFKA_POM="$INFRA_DIR/kafka/pom.xml"
LIBS_DIR="$TOOLS_DIR/kafka/libs"
DATA_DIR="$STATE_DIR/data"
CONF_FILE="$STATE_DIR/server.properties"
LOG4J_FILE="$STATE_DIR/log4j.properties"
TOOLS_LOG4J_FILE="$STATE_DIR/tools-log4j.properties"

kafka_tool() {
  java -Dlog4j.configuration="file:$TOOLS_LOG4J_FILE" -cp "$LIBS_DIR/*" "$@"
}

srv_install() {
  local pom_sum
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  pom_sum="$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  stamp_matches kafka "$pom_sum" && return 0
  log "resolving the broker's jars from Maven Central"
  rm -rf "$LIBS_DIR"
  mkdir -p "$TOOLS_DIR/kafka"
  if ! mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$LIBS_DIR" >"$TOOLS_DIR/kafka/mvn.log" 2>&1; then
    tail -n 30 "$TOOLS_DIR/kafka/mvn.log" >&2
    die "mvn could not resolve $KAFKA_POM"
  fi
  stamp_write kafka "$pom_sum"
}

write_conf() {
  cat >"$CONF_FILE" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
CONF
  cat >"$LOG4J_FILE" <<'CONF'
log4j.rootLogger=INFO, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.server.KafkaConfig=WARN
log4j.logger.kafka.coordinator.group.GroupMetadataManager=WARN
log4j.logger.kafka.log.UnifiedLog$=WARN
log4j.logger.org.apache.kafka.controller.ReplicationControlManager=WARN
log4j.logger.kafka.log.LogManager=WARN
log4j.logger.kafka.cluster.Partition=WARN
CONF
  sed 's/^log4j.rootLogger=INFO/log4j.rootLogger=WARN/' "$LOG4J_FILE" >"$TOOLS_LOG4J_FILE"
}

srv_start() {
  local cluster_id
  mkdir -p "$STATE_DIR"
  write_conf
  if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
    cluster_id="$(kafka_tool kafka.tools.StorageTool random-uuid)"
    log "formatting $DATA_DIR (cluster $cluster_id)"
    kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$CONF_FILE" >/dev/null
  fi
  start_background java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LOG4J_FILE" -cp "$LIBS_DIR/*" kafka.Kafka "$CONF_FILE"
}

srv_stop() { stop_by_pid; }

srv_health() {
  port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null
}

srv_address() { printf '127.0.0.1:%s\n' "$KAFKA_PORT"; }
