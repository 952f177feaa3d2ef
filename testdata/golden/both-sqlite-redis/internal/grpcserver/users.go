package grpcserver

import (
	"context"
	"log/slog"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	inventoryv1 "example.com/shop/inventory/gen/inventory/v1"
	"example.com/shop/inventory/internal/users"
)

// userService is the gRPC face of users.Service; the HTTP handlers call the same
// Service, so both transports share one behaviour and one store. What every
// resource's service shares is elsewhere: apiStatus (errors.go) and streamPages
// (paging.go).
type userService struct {
	inventoryv1.UnimplementedUserServiceServer
	users  *users.Service
	logger *slog.Logger
}

func (s *userService) GetUser(ctx context.Context, req *inventoryv1.GetUserRequest) (*inventoryv1.User, error) {
	u, err := s.users.Get(ctx, req.GetId())
	if err != nil {
		return nil, apiStatus(ctx, s.logger, err)
	}
	return userToProto(u), nil
}

func (s *userService) CreateUser(ctx context.Context, req *inventoryv1.CreateUserRequest) (*inventoryv1.User, error) {
	u, err := s.users.Create(ctx, users.NewUser{Name: req.GetName(), Email: req.GetEmail()})
	if err != nil {
		return nil, apiStatus(ctx, s.logger, err)
	}
	return userToProto(u), nil
}

func (s *userService) DeleteUser(ctx context.Context, req *inventoryv1.DeleteUserRequest) (*emptypb.Empty, error) {
	if err := s.users.Delete(ctx, req.GetId()); err != nil {
		return nil, apiStatus(ctx, s.logger, err)
	}
	return &emptypb.Empty{}, nil
}

// ListUsers streams users in ID order, up to the request's limit (0: all).
func (s *userService) ListUsers(req *inventoryv1.ListUsersRequest, stream grpc.ServerStreamingServer[inventoryv1.User]) error {
	return streamPages(stream.Context(), s.logger, req.GetLimit(), s.users.List, func(u users.User) error {
		return stream.Send(userToProto(u))
	})
}

// userToProto is the one place where the Go model meets the proto message, whose
// field names follow the Google API style (CreatedAt becomes create_time).
func userToProto(u users.User) *inventoryv1.User {
	return &inventoryv1.User{Id: u.ID, Name: u.Name, Email: u.Email, CreateTime: timestamppb.New(u.CreatedAt)}
}
