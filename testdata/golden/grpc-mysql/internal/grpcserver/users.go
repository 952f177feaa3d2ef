package grpcserver

import (
	"context"
	"log/slog"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	billingv1 "example.com/billing/gen/billing/v1"
	"example.com/billing/internal/users"
)

// userService is the gRPC face of users.Service; the HTTP handlers call the same
// Service, so both transports share one behaviour and one store. What every
// resource's service shares is elsewhere: apiStatus (errors.go) and streamPages
// (paging.go).
type userService struct {
	billingv1.UnimplementedUserServiceServer
	users  *users.Service
	logger *slog.Logger
}

func (s *userService) GetUser(ctx context.Context, req *billingv1.GetUserRequest) (*billingv1.User, error) {
	u, err := s.users.Get(ctx, req.GetId())
	if err != nil {
		return nil, apiStatus(ctx, s.logger, err)
	}
	return userToProto(u), nil
}

func (s *userService) CreateUser(ctx context.Context, req *billingv1.CreateUserRequest) (*billingv1.User, error) {
	u, err := s.users.Create(ctx, users.NewUser{Name: req.GetName(), Email: req.GetEmail()})
	if err != nil {
		return nil, apiStatus(ctx, s.logger, err)
	}
	return userToProto(u), nil
}

func (s *userService) DeleteUser(ctx context.Context, req *billingv1.DeleteUserRequest) (*emptypb.Empty, error) {
	if err := s.users.Delete(ctx, req.GetId()); err != nil {
		return nil, apiStatus(ctx, s.logger, err)
	}
	return &emptypb.Empty{}, nil
}

// ListUsers streams users in ID order, up to the request's limit (0: all).
func (s *userService) ListUsers(req *billingv1.ListUsersRequest, stream grpc.ServerStreamingServer[billingv1.User]) error {
	return streamPages(stream.Context(), s.logger, req.GetLimit(), s.users.List, func(u users.User) error {
		return stream.Send(userToProto(u))
	})
}

// userToProto is the one place where the Go model meets the proto message, whose
// field names follow the Google API style (CreatedAt becomes create_time).
func userToProto(u users.User) *billingv1.User {
	return &billingv1.User{Id: u.ID, Name: u.Name, Email: u.Email, CreateTime: timestamppb.New(u.CreatedAt)}
}
