import { helpCard } from '../../cards/help-card';
import type { CommandHandler } from '../types';

/** Links the conversation the command was typed in; a personal chat with the bot is not a place to link. */
export const linkChannel: CommandHandler<'link'> = async ({ command, actor, conversation, deps }) => {
  if (!actor.channel) {
    return {
      card: helpCard({
        problem: 'Type this in the channel or group chat you want to link, after @mentioning Steward.',
        commands: ['link'],
      }),
    };
  }
  const contract = await deps.services.contracts.linkChannel(actor, command.reference, {
    surface: 'teams',
    channelId: conversation.id,
    purpose: command.purpose,
    serviceUrl: conversation.serviceUrl,
  });
  return {
    text:
      command.purpose === 'vendor'
        ? `This conversation is now ${contract.reference}'s place with the vendor: only vendor-visible content is posted here.`
        : `This conversation is now linked to ${contract.reference} for the contract team.`,
  };
};
