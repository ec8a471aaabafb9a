/**
 * The web manager: the page at `/manager`, its API at `/manager/api` (admin token or SECRET_KEY),
 * and WPPConnect's Socket.IO events on the same port (`/socket.io`), fed by live events.
 */
export { ManagerModule, type ManagerModuleOptions } from './manager.module.js';
export { LiveEvents, eventLogLiveEvents } from './live-events.js';
export { wppSocketEvents, INSTANCE_STATUS_EVENT, type SocketEmit } from './wpp-socket-events.js';
export { managerAssetsDir, MANAGER_ASSETS } from './manager-static.controller.js';
