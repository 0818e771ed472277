import { type Topic, TOPICS } from '@codex/contracts';

/** Kafka names of a Codex topic and its dead-letter topic, under an install's prefix. */
export class TopicNames {
  constructor(private readonly prefix: string) {}

  of(topic: Topic): string {
    return `${this.prefix}${TOPICS[topic].name}`;
  }

  deadLetterOf(topic: Topic): string {
    return `${this.of(topic)}.dlq`;
  }

  /** The Codex topic behind a Kafka topic name, if it is one. */
  topicFor(kafkaTopic: string): Topic | undefined {
    return (Object.keys(TOPICS) as Topic[]).find((topic) => this.of(topic) === kafkaTopic);
  }
}
