// SEC-2: passwords are stored as argon2id hashes. The cost comes from the configuration: the default is
// OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane); the test harness lowers it, because a test
// run hashes thousands of passwords and the cost is not what those tests are about. A stored hash
// carries its own parameters, so verification follows whatever cost a password was hashed at.
import { hash, verify } from '@node-rs/argon2';
import type { Config } from '../../config.js';

export interface PasswordHashCost {
  memoryCost: number;
  timeCost: number;
}

export const DEFAULT_PASSWORD_HASH_COST: PasswordHashCost = { memoryCost: 19_456, timeCost: 2 };

const costOf = (config: Pick<Config, 'passwordHashCost'>) => config.passwordHashCost ?? DEFAULT_PASSWORD_HASH_COST;

export const hashPassword = (config: Pick<Config, 'passwordHashCost'>, password: string) =>
  hash(password, { ...costOf(config), parallelism: 1 });

export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password);

const dummies = new Map<string, Promise<string>>();
/**
 * Verified against when the username is unknown, so timing does not tell which usernames exist: hashed
 * at the configured cost, so that a miss costs what a wrong password costs.
 */
export function dummyHash(config: Pick<Config, 'passwordHashCost'>): Promise<string> {
  const cost = costOf(config);
  const key = `${cost.memoryCost}/${cost.timeCost}`;
  let dummy = dummies.get(key);
  if (!dummy) dummies.set(key, (dummy = hashPassword(config, 'quanlian-dummy-password-0')));
  return dummy;
}
