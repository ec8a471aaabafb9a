import { Controller, Get, HttpCode, Post, Put, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { WppErrorReply, WppErrorResponses } from '@zapgate/dialect-wppconnect';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';

const REASON =
  "labels (WhatsApp Business) are not supported yet: zapgate does not keep the account's label list " +
  '(names and colors from app-state sync) nor make label changes, so it cannot answer these routes truthfully';
const NotYet = () => ApiResponse({ status: 501, description: REASON, type: WppErrorReply });
const notYet = (): never => {
  throw new DomainError(ErrorCode.NotImplemented, REASON);
};

/** WPPConnect's label routes (catalog 4.4): 501 until zapgate keeps labels (see REASON). */
@ApiTags('WPPConnect: chats and contacts')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppLabelsController {
  @Post(':session/add-new-label')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a label (not supported yet: 501)' })
  @NotYet()
  addNewLabel(): never {
    return notYet();
  }

  @Post(':session/add-or-remove-label')
  @HttpCode(200)
  @ApiOperation({ summary: 'Label or unlabel chats (not supported yet: 501)' })
  @NotYet()
  addOrRemoveLabel(): never {
    return notYet();
  }

  @Get(':session/get-all-labels')
  @ApiOperation({ summary: 'Every label (not supported yet: 501)' })
  @NotYet()
  getAllLabels(): never {
    return notYet();
  }

  @Put(':session/delete-all-labels')
  @ApiOperation({ summary: 'Delete every label (not supported yet: 501)' })
  @NotYet()
  deleteAllLabels(): never {
    return notYet();
  }

  @Put(':session/delete-label/:id')
  @ApiOperation({ summary: 'Delete a label (not supported yet: 501)' })
  @ApiParam({ name: 'id', example: '5', description: 'The label id' })
  @NotYet()
  deleteLabel(): never {
    return notYet();
  }
}
