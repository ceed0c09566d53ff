// 工作台 (issue 19 item 4): each role's to-do queues, assembled from the modules' own queue queries.
export { workbenchRoutes } from './routes.js';
export { workbenchOf } from './service.js';
