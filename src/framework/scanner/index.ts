export { scan, type ClassDefinition, type HandlerDefinition, type HandlerClass } from './scan.js';
export { compileClass } from './compile.js';
