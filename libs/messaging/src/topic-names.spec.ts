import { TopicNames } from './topic-names';

describe('TopicNames', () => {
  const names = new TopicNames('acme.');

  it('prefixes topics and their dead-letter topics', () => {
    expect(names.of('resource.discovered')).toBe('acme.resource.discovered');
    expect(names.deadLetterOf('action.requested')).toBe('acme.action.requested.dlq');
  });

  it('maps a Kafka topic back to the Codex topic, and nothing else', () => {
    expect(names.topicFor('acme.cost.ingested')).toBe('cost.ingested');
    expect(names.topicFor('cost.ingested')).toBeUndefined();
    expect(names.topicFor('acme.cost.ingested.dlq')).toBeUndefined();
  });
});
