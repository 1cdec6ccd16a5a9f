import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { jsonSchemaOf } from '../common/zod';
import {
  CaseParamsDto,
  ListOrdersDto,
  OrderParamsDto,
  PaymentOrderListSchema,
  PaymentOrderSchema,
  RecoveryDto,
  RecoveryResultSchema,
  RecoverySchema,
  SettleOrderDto,
  SettleOrderSchema,
  SettleResultSchema,
  type PaymentOrderDto,
} from './payment.dto';
import { PaymentService } from './payment.service';
import { ApiErrors } from '../common/openapi';

@ApiTags('payments')
@ApiBearerAuth()
@Controller()
export class PaymentController {
  constructor(private readonly service: PaymentService) {}

  @Get('payment-orders')
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'The payment orders of my treasury (admins: every treasury); filter by status' })
  @ApiOkResponse({ schema: jsonSchemaOf(PaymentOrderListSchema, 'output') })
  async list(@CurrentUser() user: Principal, @Query() q: ListOrdersDto): Promise<{ items: PaymentOrderDto[] }> {
    return { items: await this.service.list(user, q.status) };
  }

  @Get('payment-orders/:orderId')
  @Roles('finance', 'admin')
  @ApiParam({ name: 'orderId' })
  @ApiOkResponse({ schema: jsonSchemaOf(PaymentOrderSchema, 'output') })
  read(@CurrentUser() user: Principal, @Param() p: OrderParamsDto): Promise<PaymentOrderDto> {
    return this.service.read(user, p.orderId);
  }

  @Post('payment-orders/:orderId/status')
  @ApiErrors({ 409: 'the order is already settled the other way (a paid order cannot be cancelled, nor a cancelled one paid)' })
  @HttpCode(200)
  @Roles('finance')
  @ApiParam({ name: 'orderId' })
  @ApiOperation({ summary: 'Mark an issued order paid, or cancel it with a reason; the same change twice changes nothing; a paid order cannot be cancelled' })
  @ApiBody({ schema: jsonSchemaOf(SettleOrderSchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(SettleResultSchema, 'output') })
  settle(@CurrentUser() user: Principal, @Param() p: OrderParamsDto, @Body() body: SettleOrderDto): Promise<z.infer<typeof SettleResultSchema>> {
    return this.service.settle(user, p.orderId, body);
  }

  @Post('cases/:id/recoveries')
  @ApiErrors({ 422: 'more than was paid and not yet recovered, or the treasury recovering must be named' })
  @HttpCode(200)
  @Roles('finance', 'admin')
  @ApiParam({ name: 'id' })
  @ApiOperation({ summary: 'Record a recovery (追回) of part or all of what a treasury paid, with a reason' })
  @ApiBody({ schema: jsonSchemaOf(RecoverySchema) })
  @ApiOkResponse({ schema: jsonSchemaOf(RecoveryResultSchema, 'output') })
  recover(@CurrentUser() user: Principal, @Param() p: CaseParamsDto, @Body() body: RecoveryDto): Promise<z.infer<typeof RecoveryResultSchema>> {
    return this.service.recover(user, p.id, body);
  }
}
