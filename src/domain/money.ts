import { z } from 'zod';
import { explainBadFen, FEN_PATTERN } from './fen';

export * from './fen';

/** Wire format of money: a decimal string of integer fen. */
export const FenString: z.ZodType<string> = z
  .string({ error: (iss) => explainBadFen(iss.input) })
  .regex(FEN_PATTERN, { error: (iss) => explainBadFen(iss.input) });
