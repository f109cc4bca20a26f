import type { ChatDestination, ChatFile, ChatSurface, FileLink } from '../chat/chat-surface';
import { utcMinute } from '../chat/labels';
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
  const [result] = await deliverFiles(deps, actor, [file], options);
  return result ?? { file };
}

/**
 * Several files for one place: a surface that shows files together (Teams: one card) gets them as one
 * message under `heading`, the others one upload each.
 */
export async function deliverFiles(
  deps: ServiceDeps,
  actor: Actor,
  files: readonly ChatFile[],
  options: DeliveryOptions & { heading?: string },
): Promise<FileResult[]> {
  let destination = options.destination ?? requestPlace(actor, options.contract);
  if (options.internalOnly && destination && vendorReads(actor, destination)) {
    if (options.destination) {
      // The surface named a vendor place explicitly: that is a request to share internal data.
      await recordRefusal(deps, actor, `share:${files[0]?.filename ?? 'file'}`, options.contract?.reference);
      throw new StewardError(
        'forbidden',
        `${files[0]?.title ?? 'This file'} holds internal data, so it is not posted where the vendor can read it. Ask for it in an internal channel or in a direct message with Steward.`,
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
  if (!destination) return files.map((file) => ({ file }));
  const place = destination;
  const surface = deps.surfaces.get(place.surface);
  if (!surface) return files.map((file) => ({ file }));
  const link = (file: ChatFile) =>
    deps.fileLinks?.create(file, {
      audience: vendorReads(actor, place) ? 'vendor' : 'internal',
      internalOnly: options.internalOnly,
      ...(options.contract ? { contractRef: options.contract.reference } : {}),
    });
  let shown: ChatFile[] = [...files];
  if (surface.filesByLink && deps.fileLinks) {
    shown = await Promise.all(files.map(async (file) => ({ ...file, link: await link(file) })));
  }
  if (surface.uploadFiles && shown.length > 1 && options.heading) {
    try {
      const posted = await surface.uploadFiles(place, shown, options.heading);
      return shown.map((file) => ({ file, posted }));
    } catch (error) {
      deps.logger.error({ err: error, channel: place.channelId, files: shown.length }, 'could not post files');
      return shown.map((file) => ({ file }));
    }
  }
  const results: FileResult[] = [];
  for (const file of shown) {
    try {
      results.push({ file, posted: await surface.uploadFile(place, file) });
    } catch (error) {
      deps.logger.error({ err: error, channel: place.channelId, file: file.filename }, 'could not upload a file');
      results.push(await offerLink(deps, surface, place, file, link));
    }
  }
  return results;
}

/**
 * When an upload is refused (a workspace that disallows bot uploads, a missing scope), the file is still
 * reachable: a message with its download link takes the upload's place.
 */
async function offerLink(
  deps: ServiceDeps,
  surface: ChatSurface,
  place: ChatDestination,
  file: ChatFile,
  link: (file: ChatFile) => Promise<FileLink> | undefined,
): Promise<FileResult> {
  if (!deps.fileLinks || file.link) return { file };
  try {
    const made = (await link(file)) as FileLink;
    const posted = await surface.postNotice(place, {
      text: `${file.comment ?? file.title}\n${file.filename}: ${made.url}\n(The link opens the file until ${utcMinute(made.expiresAt)} UTC.)`,
    });
    return { file: { ...file, link: made }, posted };
  } catch (error) {
    deps.logger.error({ err: error, channel: place.channelId, file: file.filename }, 'could not post a file link');
    return { file };
  }
}

function vendorReads(actor: Actor, destination: ChatDestination): boolean {
  return destination.purpose === 'vendor' || isShared(actor, destination);
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
