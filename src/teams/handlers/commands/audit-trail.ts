import { auditVerificationCard } from '../../cards/record-cards';
import type { CommandHandler } from '../types';
import { filesAnswer } from './files-answer';

/**
 * `steward audit verify REF`: the hash chain checked, naming the first event that broke it;
 * `steward audit export REF csv|json`: the trail with its hashes, posted by the service where the command was
 * typed (internal places only), or attached to the reply when it could not be posted.
 */
export const auditTrail: CommandHandler<'audit'> = async ({ command, actor, conversation, deps }) => {
  const { auditTrail: trail } = deps.services;
  if (command.action === 'verify') {
    return { card: auditVerificationCard(command.reference, await trail.verifyAudit(actor, command.reference)) };
  }
  const result = await trail.exportAudit(actor, command.reference, command.format);
  // The posted file's own card says whether the hash chain checks out.
  return filesAnswer(`Audit trail of ${command.reference} as ${command.format.toUpperCase()}`, [result], conversation);
};
