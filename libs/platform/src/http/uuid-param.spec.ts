import 'reflect-metadata';

import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

import { ProblemException } from '../problems/problem';
import { ProblemDetailsFilter } from '../problems/problem-details.filter';
import { UuidOrNotFoundPipe, UuidParam } from './uuid-param';

const ID = '0190f1c2-7a3b-7c4d-8e5f-60718293a4b5';

@Controller('things')
class ThingsController {
  @Get(':id')
  get(@UuidParam('id', 'thing') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('a path parameter that must be a UUID', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
      logger: false,
    });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => (app as INestApplication | undefined)?.close());

  const get = (path: string) =>
    app.getHttpAdapter().getInstance().inject({ method: 'GET', url: path });

  it('reaches the handler when it is a UUID, in either case', async () => {
    for (const id of [ID, ID.toUpperCase()]) {
      const answer = await get(`/things/${id}`);
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ id });
    }
  });

  it.each(['not-a-uuid', `${ID}0`, ID.replace(/-/g, ''), `${ID.slice(0, -1)}g`])(
    'answers the not_found problem for %s, as for an id that matches nothing',
    async (id) => {
      const answer = await get(`/things/${id}`);
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json()).toMatchObject({
        status: 404,
        code: 'not_found',
        detail: `thing ${id} does not exist`,
        instance: `/things/${id}`,
      });
    },
  );

  it("answers a service's own problem when given one", () => {
    const pipe = new UuidOrNotFoundPipe(
      (id) => new ProblemException(404, 'run_not_found', `no discovery run ${id}`),
    );
    expect(() => pipe.transform('nope')).toThrow(
      expect.objectContaining({ code: 'run_not_found' }) as Error,
    );
    expect(pipe.transform(ID)).toBe(ID);
  });
});
