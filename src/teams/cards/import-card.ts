import { importFileLabel } from '../../chat/actions';
import { IMPORT_FORM } from '../../chat/forms';
import {
  CONTRACT_IMPORT_COLUMNS,
  decimalMarkQuestionText,
  problemPlace,
  sheetsReadText,
} from '../../reports/contract-import';
import type { ImportProblem, ImportReport } from '../../services/service-api';
import { actionExecute, TEAMS_ACTION_IDS } from './action-buttons';
import { CARD_ACTIONS, formInputId } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  type CardInput,
  errorBanner,
  execute,
  literal,
  paragraph,
  text,
} from './adaptive-card';
import { fileLine } from './form-inputs';
import type { FormProblem } from './forms';

export const IMPORT_FIELDS = ['csv', 'decimalMark', 'dryRun'] as const;
const [IMPORT_CSV, IMPORT_FILE, IMPORT_DECIMAL_MARK, , IMPORT_DRY_RUN] = IMPORT_FORM.fields;
export type DecimalMark = 'point' | 'comma';
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const importInputId = (name: ImportField) => formInputId('import', name);

/**
 * Pasted text is echoed back in the card when something is wrong, and Teams refuses messages much over
 * 28 KB, so the form takes a spreadsheet of a few dozen contracts; a larger one is imported in parts.
 */
export const MAX_IMPORT_CHARS = 15_000;
const PROBLEMS_SHOWN = 30;
const CONTRACTS_SHOWN = 20;

export interface ImportFormState {
  /** What was pasted, kept when the form comes back. */
  csv?: string;
  dryRun?: boolean;
  /** The decimal mark the person chose, kept when the form comes back. */
  decimalMark?: DecimalMark;
  /** The dry run's answer: the contracts found, or every problem by line and column. */
  report?: ImportReport;
  /** A refusal that is not about rows (an empty file, no access). */
  problem?: FormProblem;
}

/** `steward import`: paste the CSV, check it with a dry run, then import it; nothing is written while a row is bad. */
export function importFormCard(state: ImportFormState = {}): AdaptiveCard {
  const columns = CONTRACT_IMPORT_COLUMNS.map((column) => `${column.name}${column.required ? '*' : ''}`).join(', ');
  const body: CardElement[] = [
    text('📥 Import contracts from CSV', { weight: 'Bolder', size: 'Medium' }),
    text(
      'One row per KPI; a contract’s own columns repeat on each of its rows. Imported contracts start as drafts. Paste the file with its header row, or send it (see below):',
      { isSubtle: true },
    ),
    paragraph([literal(columns, { size: 'Small', isSubtle: true })], 'None'),
    text('* required', { isSubtle: true, size: 'Small', spacing: 'None' }),
  ];
  const errors = state.report?.errors ?? [];
  if (state.report) body.push(...reportSummary(state.report));
  const csvMessage = state.problem?.fieldErrors[importInputId('csv')];
  if (state.problem && !csvMessage) body.push(errorBanner(state.problem.message));
  const csvInput: CardInput = {
    type: 'Input.Text',
    id: importInputId('csv'),
    label: IMPORT_CSV.label,
    isMultiline: true,
    maxLength: MAX_IMPORT_CHARS,
    placeholder: `${CONTRACT_IMPORT_COLUMNS.map((column) => column.name).join(',')}\nCT-2026-014,…`,
    isRequired: true,
    errorMessage: IMPORT_CSV.missing,
    ...(state.csv ? { value: state.csv } : {}),
  };
  body.push(csvInput);
  if (csvMessage) body.push(problemList([{ line: 0, column: null, message: csvMessage }]));
  // A file that asks its question has no other problems listed yet: the rest is checked once it is answered.
  else if (errors.length > 0 && !state.report?.question) body.push(problemList(errors));
  body.push(fileLine(IMPORT_FILE));
  // The question stands right above the choice that answers it; Run checks the file again with the answer.
  if (state.report?.question) {
    body.push(questionBanner(`${decimalMarkQuestionText(state.report.question)} Choose it below and press Run again.`));
  }
  body.push(
    {
      type: 'Input.ChoiceSet',
      id: importInputId('decimalMark'),
      label: `${IMPORT_DECIMAL_MARK.label} (optional)`,
      style: 'expanded',
      choices: IMPORT_DECIMAL_MARK.choices.map((choice) => ({ title: choice.label, value: choice.value })),
      ...(state.decimalMark ? { value: state.decimalMark } : {}),
    },
    text(IMPORT_DECIMAL_MARK.hint, { isSubtle: true, spacing: 'None', size: 'Small' }),
    {
      type: 'Input.Toggle',
      id: importInputId('dryRun'),
      title: IMPORT_DRY_RUN.toggleText,
      valueOn: 'true',
      valueOff: 'false',
      value: state.dryRun === false ? 'false' : 'true',
      wrap: true,
    },
    actionSet([execute('Run', { action: CARD_ACTIONS.contractsImport }, 'positive')]),
  );
  return adaptiveCard(body);
}

function reportSummary(report: ImportReport): CardElement[] {
  const kpis = report.contracts.reduce((sum, contract) => sum + contract.kpis, 0);
  if (report.question) {
    return [
      paragraph([
        literal(
          '❓ Steward needs to know how this file writes its numbers before it checks the rest. Nothing was imported.',
          {
            weight: 'Bolder',
            color: 'Warning',
          },
        ),
      ]),
    ];
  }
  if (report.ok) {
    return [
      paragraph([
        literal(
          `✅ The file is good: ${report.contracts.length} contract${report.contracts.length === 1 ? '' : 's'} with ${kpis} KPIs. Nothing was imported yet: switch the dry run off and press Run to import.`,
          { weight: 'Bolder', color: 'Good' },
        ),
      ]),
      ...contractLines(report),
      ...readAs(report),
    ];
  }
  return [
    paragraph([
      literal(
        `❌ ${report.errors.length} problem${report.errors.length === 1 ? '' : 's'} in the file, listed under it by line and column. Nothing was imported.`,
        { weight: 'Bolder', color: 'Attention' },
      ),
    ]),
  ];
}

/** How the file was read (separator, encoding, decimal mark, sheet): what to check when a number looks wrong. */
function readAs(report: ImportReport): CardElement[] {
  return report.format ? [text(`Read as ${report.format}.`, { isSubtle: true, size: 'Small' })] : [];
}

/** A question the file asks, which the person answers on this card. */
function questionBanner(message: string): CardElement {
  return { type: 'Container', style: 'warning', items: [paragraph([literal(message, { weight: 'Bolder' })])] };
}

/**
 * The contracts a file holds, a line each, the first CONTRACTS_SHOWN of them: a portfolio of hundreds would
 * pass the size Teams accepts for a message (about 28 KB).
 */
function contractLines(report: ImportReport, options: { withLine?: boolean } = {}): CardElement[] {
  const lines = report.contracts
    .slice(0, CONTRACTS_SHOWN)
    .map((contract) =>
      paragraph(
        [
          literal(
            `• ${contract.reference} · ${contract.title} (${contract.kpis} KPIs${options.withLine ? `, line ${contract.line}` : ''})`,
          ),
        ],
        'None',
      ),
    );
  const more = report.contracts.length - CONTRACTS_SHOWN;
  if (more > 0) lines.push(paragraph([literal(`…and ${more} more.`, { isSubtle: true })], 'None'));
  return lines;
}

/** Every problem by line and column, under the CSV input. */
function problemList(problems: readonly ImportProblem[]): CardElement {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((problem) =>
    paragraph(
      [
        literal(`⚠️ ${problem.line > 0 ? `${problemPlace(problem)}: ` : ''}${problem.message}`, {
          color: 'Attention',
        }),
      ],
      'None',
    ),
  );
  if (problems.length > PROBLEMS_SHOWN) {
    shown.push(paragraph([literal(`…and ${problems.length - PROBLEMS_SHOWN} more.`, { color: 'Attention' })], 'None'));
  }
  return { type: 'Container', id: `${importInputId('csv')}_error`, spacing: 'None', items: shown };
}

/** A real import that went through. */
export function importDoneCard(report: ImportReport): AdaptiveCard {
  return adaptiveCard([
    paragraph([
      literal(`✅ Imported ${report.contracts.length} contract${report.contracts.length === 1 ? '' : 's'} as drafts.`, {
        weight: 'Bolder',
      }),
    ]),
    ...contractLines(report, { withLine: true }),
    paragraph(
      [
        literal('Next: "steward kpis REF" to check the KPIs, "steward status REF active" to start a contract.', {
          isSubtle: true,
        }),
      ],
      'Small',
    ),
  ]);
}

export interface ImportFileState {
  /** The file's name as sent. */
  name: string;
  /** Its download link, carried by the Import button so the import reads the same file again. */
  link: string;
  report?: ImportReport;
  /** The decimal mark the person chose for it, carried by the Import button too. */
  decimalMark?: DecimalMark;
  /** The workbook's sheet the person chose (the first when not), carried by the Import button too. */
  sheet?: string;
  /** A refusal about the file as a whole (too large, not a spreadsheet, the link expired). */
  problem?: string;
}

/**
 * A file sent to the bot, checked: the contracts found with an Import button, or every problem by line and
 * column and nothing imported; the same check as the pasted form's dry run.
 */
export function importFileCard(state: ImportFileState): AdaptiveCard {
  const body: CardElement[] = [text(`📥 Import from ${state.name}`, { weight: 'Bolder', size: 'Medium' })];
  if (state.problem) {
    body.push(errorBanner(state.problem));
    return adaptiveCard(body);
  }
  const report = state.report;
  if (!report) return adaptiveCard(body);
  if (report.question) {
    // A file sent to the bot has no form: each answer is a button that checks the same file again with it.
    const [example] = report.question.examples;
    body.push(
      ...reportSummary(report),
      questionBanner(decimalMarkQuestionText(report.question)),
      actionSet(
        IMPORT_DECIMAL_MARK.choices.map((choice) =>
          execute(
            example
              ? `${choice.value === 'point' ? 'Decimal point' : 'Decimal comma'}: "${example.text}" is ${choice.value === 'point' ? plainNumber(example.asPoint) : plainNumber(example.asComma)}`
              : choice.label,
            {
              action: TEAMS_ACTION_IDS.importFile,
              link: state.link,
              name: state.name,
              decimalMark: choice.value,
              check: true,
            },
            undefined,
            { associatedInputs: 'none' },
          ),
        ),
      ),
    );
    return adaptiveCard(body);
  }
  if (!report.ok) {
    body.push(...reportSummary(report), problemList(report.errors));
    body.push(text('Fix these rows and send the file again.', { isSubtle: true }));
    // The rows may be fine on another sheet (the first is often a cover or notes sheet).
    body.push(...otherSheets(state));
    return adaptiveCard(body);
  }
  const count = report.contracts.length;
  const kpis = report.contracts.reduce((sum, contract) => sum + contract.kpis, 0);
  body.push(
    paragraph([
      literal(
        `✅ The file is good: ${count} contract${count === 1 ? '' : 's'} with ${kpis} KPIs. Nothing is imported until you press Import.`,
        {
          weight: 'Bolder',
          color: 'Good',
        },
      ),
    ]),
    ...contractLines(report),
    ...readAs(report),
    ...otherSheets(state),
    actionSet([
      actionExecute(
        'importFile',
        {
          link: state.link,
          name: state.name,
          ...(state.decimalMark ? { decimalMark: state.decimalMark } : {}),
          ...(state.sheet ? { sheet: state.sheet } : {}),
        },
        importFileLabel(count),
      ),
    ]),
  );
  return adaptiveCard(body);
}

/** The most sheets offered as buttons; a workbook with more names the rest in the line above them. */
const SHEET_BUTTONS = 5;

/**
 * A workbook with several sheets: which one was read, and a button for each other one that checks the same file
 * again reading that sheet (a file sent to the bot has no form to name it in).
 */
function otherSheets(state: ImportFileState): CardElement[] {
  const sheets = state.report?.sheets;
  if (!sheets) return [];
  const others = sheets.all.filter((name) => name !== sheets.read).slice(0, SHEET_BUTTONS);
  return [
    text(sheetsReadText(sheets), { isSubtle: true, size: 'Small' }),
    actionSet(
      others.map((sheet) =>
        execute(
          `Read sheet "${sheet}"`,
          {
            action: TEAMS_ACTION_IDS.importFile,
            link: state.link,
            name: state.name,
            sheet,
            check: true,
            ...(state.decimalMark ? { decimalMark: state.decimalMark } : {}),
          },
          undefined,
          { associatedInputs: 'none' },
        ),
      ),
    ),
  ];
}

/** 1250 and 1.25 as a person reads them in a button: no thousands separator to misread again. */
function plainNumber(value: number): string {
  return Number(value.toPrecision(12)).toString();
}
