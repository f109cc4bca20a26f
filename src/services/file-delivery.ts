import type { ChatDestination, ChatFile, PostedMessage } from '../chat/chat-surface';
import { StewardError } from '../domain/errors';
import type { Contract } from '../domain/types';
import type { RenderedChart } from '../reports/chart-render';
import { recordRefusal } from './authorization';
import type { ServiceDeps } from './deps';
import { directDestinations, requestPlace } from './places';
import type { Actor, FileResult } from './service-api';

export interface DeliveryOptions {
  /** Where the surface asked for the file to go; by default where the request came from, else a direct message. */
  destination?: ChatDestination;
  contract?: Pick<Contract, 'reference' | 'channels'>;
  /** Internal data never goes to a vendor-shared place: asked there, it goes to the requester's direct messages. */
  internalOnly: boolean;
}

/**
 * Uploads a file where it was asked for. The file is returned in any case, so a surface that cannot
 * be reached (or a test, or an HTTP caller) still gets the content.
 */
export async function deliverFile(
  deps: ServiceDeps,
  actor: Actor,
  file: ChatFile,
  options: DeliveryOptions,
): Promise<FileResult> {
  let destination = options.destination ?? requestPlace(actor, options.contract);
  if (options.internalOnly && destination && (destination.purpose === 'vendor' || isShared(actor, destination))) {
    if (options.destination) {
      // The surface named a vendor place explicitly: that is a request to share internal data.
      await recordRefusal(deps, actor, `share:${file.filename}`, options.contract?.reference);
      throw new StewardError(
        'forbidden',
        `${file.title} holds internal data, so it is not posted where the vendor can read it. Ask for it in an internal channel or in a direct message with Steward.`,
      );
    }
    destination = undefined;
  }
  if (!destination) {
    [destination] = await directDestinations(deps, [actor.person]).then((found) =>
      found.filter(
        (candidate) => candidate.surface === actor.surface || (actor.surface !== 'slack' && actor.surface !== 'teams'),
      ),
    );
  }
  if (!destination) return { file };
  const surface = deps.surfaces.get(destination.surface);
  if (!surface) return { file };
  let posted: PostedMessage | undefined;
  try {
    posted = await surface.uploadFile(destination, file);
  } catch (error) {
    deps.logger.error({ err: error, channel: destination.channelId, file: file.filename }, 'could not upload a file');
  }
  return posted ? { file, posted } : { file };
}

function isShared(actor: Actor, destination: ChatDestination): boolean {
  return (
    actor.channel?.shared === true &&
    actor.channel.surface === destination.surface &&
    actor.channel.channelId === destination.channelId
  );
}

/**
 * A rendered chart as a file to post, its alt text carried along. Characters no chart font has are
 * named in the message and the log, with the setting that fixes it, rather than drawn as boxes.
 */
export function chartFile(
  deps: Pick<ServiceDeps, 'logger'>,
  chart: RenderedChart,
  file: { filename: string; title: string; comment: string },
): ChatFile {
  let comment = file.comment;
  if (chart.missingCharacters.length > 0) {
    const characters = chart.missingCharacters.join(' ');
    deps.logger.warn(
      { file: file.filename, characters },
      'chart text has characters no chart font has; name a font that has them in CHART_FONT_FILES',
    );
    comment += ` Some characters (${characters}) cannot be drawn in the chart with the fonts installed; an administrator can add a font that has them (CHART_FONT_FILES).`;
  }
  return {
    filename: file.filename,
    title: file.title,
    content: chart.png,
    mimeType: 'image/png',
    comment,
    altText: chart.altText,
  };
}
