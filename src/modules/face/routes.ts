import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import {
  decodeBase64Image,
  deleteFace,
  enrolFace,
  getFacePhoto,
  getFaceStatus,
  getVerification,
  getVerificationImage,
  listWorkerVerifications,
  verifyFace,
} from './service.js';
import { FACE_DEFAULTS } from './settings.js';

const WorkerId = Type.Object({ id: Type.String({ format: 'uuid' }) });
/**
 * Images travel as base64 in JSON (optionally a data:image/jpeg;base64, URL, as a canvas gives):
 * one request shape for browsers and kiosks, validated like every other body. ≤ 5 MB decoded.
 */
const MAX_BASE64 = Math.ceil((FACE_DEFAULTS.maxImageBytes * 4) / 3) + 64;
const Image = Type.String({
  minLength: 1,
  maxLength: MAX_BASE64,
  description: 'JPEG 或 PNG 照片的 base64（可带 data:image/jpeg;base64, 前缀），解码后不超过 5 MB',
});
/**
 * The global 1 MB body limit, raised for the routes that carry one image: to twice the image limit,
 * so a photo somewhat over 5 MB gets a 400 that names the limit (schema maxLength), and only a far
 * larger body is cut off by the framework's 413.
 */
const IMAGE_BODY_LIMIT = MAX_BASE64 * 2;
const Purpose = Type.Union([
  Type.Literal('attendance'),
  Type.Literal('learning'),
  Type.Literal('exam_door'),
  Type.Literal('spot_check'),
]);
const jpeg = { 'content-type': 'image/jpeg', 'cache-control': 'no-store, private' };

export const faceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['face'];

  app.get(
    '/workers/:id/face',
    { schema: { tags, summary: '人脸登记状态（不含照片与特征）', params: WorkerId, response: problemResponses } },
    async (req) => getFaceStatus(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/workers/:id/face',
    {
      bodyLimit: IMAGE_BODY_LIMIT,
      schema: {
        tags,
        summary: '登记或更换人脸照片（只含一张清晰人脸）',
        params: WorkerId,
        body: Type.Object({ image: Image }, { additionalProperties: false }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await enrolFace(app.ctx, actorOf(req), req.params.id, decodeBase64Image(req.body.image))),
  );

  app.delete(
    '/workers/:id/face',
    { schema: { tags, summary: '删除人脸照片及特征（个人信息删除）', params: WorkerId } },
    async (req, reply) => {
      await deleteFace(app.ctx, actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/workers/:id/face/photo',
    { schema: { tags, summary: '查看已登记的人脸照片（记入审计）', params: WorkerId } },
    async (req, reply) => reply.headers(jpeg).send(await getFacePhoto(app.ctx, actorOf(req), req.params.id)),
  );

  app.get(
    '/workers/:id/face/verifications',
    { schema: { tags, summary: '该人员的人脸核验记录（监管复核）', params: WorkerId } },
    async (req) => listWorkerVerifications(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/face/verify',
    {
      bodyLimit: IMAGE_BODY_LIMIT,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '1:1 人脸核验（服务端判定；客户端分数仅记录，不参与判定）',
        body: Type.Object(
          {
            workerId: Type.String({ format: 'uuid' }),
            image: Image,
            purpose: Purpose,
            reference: Type.Optional(Type.String({ maxLength: 100 })),
            clientScore: Type.Optional(
              Type.Number({
                minimum: -1,
                maximum: 100,
                description: '客户端自行计算的分数：原样记录供复核，不参与判定',
              }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => verifyFace(app.ctx, actorOf(req), req.body),
  );

  app.get(
    '/face/verifications/:id',
    {
      schema: {
        tags,
        summary: '人脸核验记录（证据：分数、阈值、模型版本）',
        params: WorkerId,
        response: problemResponses,
      },
    },
    async (req) => getVerification(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/face/verifications/:id/image',
    { schema: { tags, summary: '核验时采集的图像（记入审计）', params: WorkerId } },
    async (req, reply) => reply.headers(jpeg).send(await getVerificationImage(app.ctx, actorOf(req), req.params.id)),
  );
};
