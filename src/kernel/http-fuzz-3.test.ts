// The fuzz table of http-fuzz.ts, shard 3 of 4 (each shard a database of its own, so the run spreads them).
import { fuzzRoutes } from './http-fuzz.js';

fuzzRoutes(2, 4);
