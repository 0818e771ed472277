import { type Topic, TOPICS } from '@codex/contracts';

/** Kafka names of a Codex topic and its dead-letter topic, under an install's prefix. */
export class TopicNames {
  private readonly byKafkaName: ReadonlyMap<string, Topic>;

  constructor(private readonly prefix: string) {
    this.byKafkaName = new Map(
      (Object.keys(TOPICS) as Topic[]).map((topic) => [this.of(topic), topic]),
    );
  }

  of(topic: Topic): string {
    return `${this.prefix}${TOPICS[topic].name}`;
  }

  deadLetterOf(topic: Topic): string {
    return `${this.of(topic)}.dlq`;
  }

  /** The Codex topic behind a Kafka topic name, if it is one. */
  topicFor(kafkaTopic: string): Topic | undefined {
    return this.byKafkaName.get(kafkaTopic);
  }
}
