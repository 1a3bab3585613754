export { CLIENT, SESSION_STORE, CONFIG, LAYER_BOT, CONTEXT, CHAT_STATE } from './tokens.js';
export { botContainer, registerProvider, registerHandlerClass, updateContainer, bindContext, type Provider } from './containers.js';
export { UpdateScope } from './update-scope.js';
