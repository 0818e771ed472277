import { localInfra, testKafka, uniqueTopicPrefix } from '@codex/testing';
import { ConfigResourceTypes } from 'kafkajs';

import { ensureTopics } from './topic-admin';
import { TopicNames } from './topic-names';

describe('ensureTopics', () => {
  const kafka = testKafka(localInfra().kafkaBrokers);

  it('creates each topic with its partitions and retention, compacts resource.discovered, and adds DLQs for consumed topics', async () => {
    const prefix = uniqueTopicPrefix('topics');
    const names = new TopicNames(prefix);
    const layout = {
      publishes: ['resource.deleted'] as const,
      consumes: ['resource.discovered'] as const,
      replicationFactor: 1,
    };
    await ensureTopics(kafka, names, layout);
    await ensureTopics(kafka, names, layout);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
      expect(topics.sort()).toEqual(
        [
          names.of('resource.deleted'),
          names.of('resource.discovered'),
          names.deadLetterOf('resource.discovered'),
        ].sort(),
      );
      const metadata = await admin.fetchTopicMetadata({
        topics: [names.of('resource.discovered')],
      });
      expect(metadata.topics[0]?.partitions).toHaveLength(12);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: names.of('resource.discovered') },
          { type: ConfigResourceTypes.TOPIC, name: names.of('resource.deleted') },
        ],
      });
      const setting = (topic: string, name: string) =>
        configs.resources
          .find((resource) => resource.resourceName === topic)
          ?.configEntries.find((entry) => entry.configName === name)?.configValue;
      expect(setting(names.of('resource.discovered'), 'cleanup.policy')).toBe('compact,delete');
      expect(setting(names.of('resource.discovered'), 'retention.ms')).toBe(
        String(30 * 24 * 60 * 60 * 1000),
      );
      expect(setting(names.of('resource.deleted'), 'cleanup.policy')).toBe('delete');
    } finally {
      await admin.disconnect();
    }
  });
});
