/**
 * restify, loaded without its import-time deprecation notices: its spdy/http-deceiver
 * dependency touches process.binding('http_parser') (DEP0111), harmless on Node 20 and
 * not ours to fix, and it would otherwise greet every start with two warnings.
 */
const quiet = process.noDeprecation;
process.noDeprecation = true;
const restify = (await import('restify')).default;
process.noDeprecation = quiet;

export default restify;
export type { Next, Request, Response, Server } from 'restify';
